package io.fnpulse.dashboard.poll;

import io.fnpulse.service.redis.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one reader of Redis: reads the output key every interval (sooner when {@link #wakeUp()} is called), on a
 * single thread, however many browsers watch. While Redis is away it retries with capped, jittered backoff.
 * Each poll's outcome goes to one listener, on this thread.
 */
public final class Poller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final RedisReader reader;
    private final OutputParser outputParser;
    private final StatusParser statusParser;
    private final Duration interval;
    private final Backoff backoff;
    private final Clock clock;
    private final Consumer<PollResult> listener;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    private String lastOutput;
    private String lastStatus;
    private boolean polledOnce;
    private Output lastParsed;
    private Optional<FunctionStatus> lastParsedStatus = Optional.empty();

    public Poller(RedisReader reader, OutputParser outputParser, StatusParser statusParser, Duration interval,
                  Backoff backoff, Clock clock, Consumer<PollResult> listener) {
        this.reader = reader;
        this.outputParser = outputParser;
        this.statusParser = statusParser;
        this.interval = interval;
        this.backoff = backoff;
        this.clock = clock;
        this.listener = listener;
        this.thread = new Thread(this::loop, "poll");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Asks for a poll now instead of at the next tick; many calls before the poll runs count as one. */
    public void wakeUp() {
        wake.release();
    }

    private void loop() {
        while (running) {
            PollResult result = pollOnce();
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                log.error("handling a poll failed; polling goes on", e);
            }
            Duration wait = result instanceof PollResult.Unreachable down ? down.retryIn() : interval;
            try {
                if (wake.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    PollResult pollOnce() {
        Instant at = clock.instant();
        long started = System.nanoTime();
        RedisReader.Raw raw;
        try {
            raw = reader.read();
        } catch (JedisException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new PollResult.Unreachable(at, took, describe(e), backoff.nextDelay());
        }
        backoff.reset();
        boolean outputChanged = !polledOnce || !Objects.equals(raw.output(), lastOutput);
        boolean statusChanged = !polledOnce || !Objects.equals(raw.status(), lastStatus);
        if (outputChanged) {
            lastParsed = outputParser.parse(raw.output());
            lastOutput = raw.output();
        }
        if (statusChanged) {
            lastParsedStatus = statusParser.parse(raw.status());
            lastStatus = raw.status();
        }
        polledOnce = true;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new PollResult.Reached(at, took, lastParsed, outputChanged, lastParsedStatus, statusChanged);
    }

    private static String describe(JedisException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null ? message : message + " (" + root.getMessage() + ")";
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
