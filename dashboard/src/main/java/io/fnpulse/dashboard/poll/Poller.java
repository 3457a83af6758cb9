package io.fnpulse.dashboard.poll;

import io.fnpulse.dashboard.calls.CallsFollower;
import io.fnpulse.dashboard.history.HistoryFollower;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.KeyRead;
import io.fnpulse.service.redis.RedisProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one reader of Redis: reads the output key every interval (sooner when {@link #wakeUp()} is called), however
 * many browsers watch. While Redis is away it retries with capped, jittered backoff. Each poll's outcome goes to one
 * listener. {@link #turn()} is one poll and its wait: the body of the dashboard's supervised {@code poll} loop, which
 * contains and counts whatever a turn throws.
 */
public final class Poller {

    private final RedisReader reader;
    private final OutputParser outputParser;
    private final StatusParser statusParser;
    private final Duration interval;
    private final Backoff backoff;
    private final Clock clock;
    private final Consumer<PollResult> listener;
    private final Semaphore wake = new Semaphore(0);
    private final Optional<HistoryFollower> history;
    private final Optional<CallsFollower> calls;

    private KeyRead lastOutput;
    private Optional<KeyRead> lastStatus;
    private boolean polledOnce;
    private Output lastParsed;
    private StatusParser.Read lastParsedStatus = StatusParser.Read.NONE;

    public Poller(
            RedisReader reader,
            OutputParser outputParser,
            StatusParser statusParser,
            Duration interval,
            Backoff backoff,
            Clock clock,
            Consumer<PollResult> listener) {
        this(
                reader,
                outputParser,
                statusParser,
                interval,
                backoff,
                clock,
                listener,
                Optional.empty(),
                Optional.empty());
    }

    public Poller(
            RedisReader reader,
            OutputParser outputParser,
            StatusParser statusParser,
            Duration interval,
            Backoff backoff,
            Clock clock,
            Consumer<PollResult> listener,
            Optional<HistoryFollower> history,
            Optional<CallsFollower> calls) {
        this.history = history;
        this.calls = calls;
        this.reader = reader;
        this.outputParser = outputParser;
        this.statusParser = statusParser;
        this.interval = interval;
        this.backoff = backoff;
        this.clock = clock;
        this.listener = listener;
    }

    /** The longest a turn waits between two polls: the interval, or the longest backoff while Redis is away. */
    public Duration longestWait() {
        return interval.compareTo(backoff.max()) >= 0 ? interval : backoff.max();
    }

    /** Asks for a poll now instead of at the next tick; many calls before the poll runs count as one. */
    public void wakeUp() {
        wake.release();
    }

    /** One poll, its outcome handed on, then the wait for the next. */
    public void turn() throws InterruptedException {
        PollResult result = pollOnce();
        listener.accept(result);
        if (result instanceof PollResult.Reached reached
                && (reached.history().more() || reached.calls().more())) {
            return; // more of the history stream to load: the next turn follows at once
        }
        Duration wait = result instanceof PollResult.Unreachable down ? down.retryIn() : interval;
        if (wake.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            wake.drainPermits();
        }
    }

    PollResult pollOnce() {
        Instant at = clock.instant();
        long started = System.nanoTime();
        RedisReader.Raw raw;
        HistoryFollower.Read entries;
        CallsFollower.Read newCalls;
        try {
            raw = reader.read();
            entries = history.map(HistoryFollower::read).orElse(HistoryFollower.Read.NONE);
            newCalls = calls.map(CallsFollower::read).orElse(CallsFollower.Read.NONE);
        } catch (JedisException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new PollResult.Unreachable(at, took, RedisProblem.of(e), backoff.nextDelay());
        }
        backoff.reset();
        boolean outputChanged = !polledOnce || !Objects.equals(raw.output(), lastOutput);
        boolean statusChanged = !polledOnce || !Objects.equals(raw.status(), lastStatus);
        if (outputChanged) {
            lastParsed = outputParser.parse(raw.output());
            lastOutput = raw.output();
        }
        if (statusChanged) {
            lastParsedStatus = raw.status().map(statusParser::parse).orElse(StatusParser.Read.NONE);
            lastStatus = raw.status();
        }
        polledOnce = true;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new PollResult.Reached(
                at,
                took,
                lastParsed,
                outputChanged,
                lastParsedStatus.status(),
                lastParsedStatus.problem(),
                statusChanged,
                entries,
                newCalls);
    }
}
