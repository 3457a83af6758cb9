package io.fnpulse.monitor.publish;

import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import io.fnpulse.service.redis.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Samples the host and publishes the snapshot every interval, as a {@link SupervisedLoop}: whatever a turn throws,
 * an {@code Error} from the sampler included, is counted in {@code fnpulse_loop_errors_total{loop="publish"}} and the
 * loop goes on; a turn that hangs stops the heartbeat, and {@code /healthz} answers 503. Ticks keep a steady cadence;
 * a tick that falls behind (a stalled machine) skips the missed slots instead of firing them in a burst. The first
 * tick comes after a short initial measurement, so that its CPU figures span real time, as psutil's interval does.
 */
public final class PublishLoop implements AutoCloseable {

    public static final String LOOP = "publish";
    private static final Duration FIRST_MEASUREMENT = Duration.ofSeconds(1);

    /** The next snapshot, as JSON. */
    @FunctionalInterface
    public interface Snapshots {
        String next() throws Exception;
    }

    private final Snapshots snapshots;
    private final SnapshotPublisher publisher;
    private final long intervalNanos;
    private final Heartbeat heartbeat;
    private final Backoff afterError;
    private final Counter sampleErrors;
    private long nextTick;
    private SupervisedLoop loop;

    /** @param heartbeat the loop's, promising a beat within an interval plus the longest sampling and publishing */
    public PublishLoop(
            Snapshots snapshots,
            SnapshotPublisher publisher,
            Duration interval,
            Heartbeat heartbeat,
            MeterRegistry registry) {
        this.snapshots = snapshots;
        this.publisher = publisher;
        this.intervalNanos = interval.toNanos();
        this.heartbeat = heartbeat;
        this.afterError = new Backoff(Duration.ofMillis(100), interval);
        this.sampleErrors = Counter.builder("fnpulse.monitor.sample.errors")
                .description("Snapshots that could not be taken")
                .register(registry);
    }

    public void start() {
        nextTick = System.nanoTime() + Math.min(FIRST_MEASUREMENT.toNanos(), intervalNanos);
        loop = SupervisedLoop.start(heartbeat, this::turn, afterError);
    }

    private void turn() throws Exception {
        long wait = nextTick - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        advance();
        heartbeat.beat();
        String snapshot;
        try {
            snapshot = snapshots.next();
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Exception | Error e) {
            sampleErrors.increment();
            throw e;
        }
        publisher.publish(snapshot);
    }

    private void advance() {
        long now = System.nanoTime();
        nextTick += intervalNanos;
        if (nextTick - now <= 0) {
            nextTick += ((now - nextTick) / intervalNanos + 1) * intervalNanos;
        }
    }

    /** Stops ticking, interrupting the wait for the next tick. */
    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
