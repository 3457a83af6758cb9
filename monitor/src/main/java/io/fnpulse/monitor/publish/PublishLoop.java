package io.fnpulse.monitor.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.monitor.host.HostSampler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the host and publishes the snapshot every interval, on one thread. Ticks keep a steady cadence; a tick
 * that falls behind (a stalled machine) skips the missed slots instead of firing them in a burst. The first tick
 * comes after a short initial measurement, so that its CPU figures span real time, as psutil's interval does.
 */
public final class PublishLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublishLoop.class);
    private static final Duration FIRST_MEASUREMENT = Duration.ofSeconds(1);

    private final HostSampler sampler;
    private final SnapshotPublisher publisher;
    private final long intervalNanos;
    private final ObjectMapper json = new ObjectMapper();
    private final Counter sampleErrors;
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "publish");
        thread.setDaemon(true);
        return thread;
    });
    private long nextTick;
    private String lastSampleProblem;

    public PublishLoop(HostSampler sampler, SnapshotPublisher publisher, Duration interval, MeterRegistry registry) {
        this.sampler = sampler;
        this.publisher = publisher;
        this.intervalNanos = interval.toNanos();
        this.sampleErrors = Counter.builder("fnpulse.monitor.sample.errors")
                .description("Snapshots that could not be taken").register(registry);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    public void start() {
        long firstDelay = Math.min(FIRST_MEASUREMENT.toNanos(), intervalNanos);
        nextTick = System.nanoTime() + firstDelay;
        scheduler.schedule(this::tick, firstDelay, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        try {
            String snapshot = json.writeValueAsString(sampler.sample().toJsonObject());
            lastSampleProblem = null;
            publisher.publish(snapshot);
        } catch (RuntimeException | JsonProcessingException | LinkageError e) {
            sampleErrors.increment();
            String problem = e.toString();
            if (!Objects.equals(problem, lastSampleProblem)) {
                log.warn("could not take a snapshot of this host: {}", problem, e);
                lastSampleProblem = problem;
            }
        } finally {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        long now = System.nanoTime();
        nextTick += intervalNanos;
        if (nextTick - now <= 0) {
            nextTick += ((now - nextTick) / intervalNanos + 1) * intervalNanos;
        }
        try {
            scheduler.schedule(this::tick, nextTick - now, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing: no more ticks
        }
    }

    /** Stops ticking; a snapshot being published is finished first. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
