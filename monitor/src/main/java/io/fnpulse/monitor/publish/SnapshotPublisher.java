package io.fnpulse.monitor.publish;

import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.redis.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * SETs each snapshot to the metrics key. While Redis is away, snapshots are dropped rather than queued (a reader of
 * one key only ever sees the latest) and attempts are spaced out with a capped backoff; going away and coming back
 * are logged once each. Owns the Redis availability state that /readyz reports.
 */
public final class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

    private enum Status { STARTING, REACHABLE, UNREACHABLE }

    /** Where publishing stands, since when, and why while Redis is unreachable. */
    private record State(Status status, Instant since, String problem) {
    }

    private final RedisClient redis;
    private final String key;
    private final String address;
    private final Backoff backoff;
    private final Clock clock;
    private final Counter published;
    private final Counter redisErrors;
    private volatile State state = new State(Status.STARTING, Instant.EPOCH, "no snapshot published yet");
    private volatile Instant lastPublished;
    private Instant nextAttempt = Instant.MIN;

    public SnapshotPublisher(RedisClient redis, String key, String address, Backoff backoff, Clock clock,
                             MeterRegistry registry) {
        this.redis = redis;
        this.key = key;
        this.address = address;
        this.backoff = backoff;
        this.clock = clock;
        this.published = Counter.builder("fnpulse.monitor.snapshots.published")
                .description("Snapshots written to Redis").register(registry);
        this.redisErrors = Counter.builder("fnpulse.monitor.redis.errors")
                .description("Failed attempts to write a snapshot to Redis").register(registry);
        Gauge.builder("fnpulse.monitor.last.publish", this, SnapshotPublisher::lastPublishedEpochSeconds)
                .description("When the last snapshot was written to Redis, in epoch seconds (0: not yet)")
                .baseUnit("seconds").register(registry);
    }

    /** Writes the snapshot, or drops it while Redis is unreachable and the next attempt is not due yet. */
    public void publish(String snapshotJson) {
        Instant now = clock.instant();
        State before = state;
        if (before.status() == Status.UNREACHABLE && now.isBefore(nextAttempt)) {
            return;
        }
        try {
            redis.set(key, snapshotJson);
        } catch (JedisException e) {
            redisErrors.increment();
            nextAttempt = now.plus(backoff.nextDelay());
            if (before.status() != Status.UNREACHABLE) {
                state = new State(Status.UNREACHABLE, now, describe(e));
                log.warn("Redis at {} is unreachable ({}); still sampling, retrying with backoff up to {} s",
                        address, state.problem(), backoff.max().toSeconds());
            }
            return;
        }
        published.increment();
        backoff.reset();
        lastPublished = now;
        state = new State(Status.REACHABLE, now, null);
        if (before.status() == Status.UNREACHABLE) {
            log.info("Redis at {} is reachable again after {} s; publishing resumed", address,
                    Duration.between(before.since(), now).toSeconds());
        } else if (before.status() == Status.STARTING) {
            log.info("first snapshot published to {} key '{}'", address, key);
        }
    }

    /** Ready while the last attempt to write to Redis succeeded. */
    public Readiness readiness() {
        State now = state;
        return switch (now.status()) {
            case REACHABLE -> Readiness.ready("publishing to " + address + ", last snapshot at " + lastPublished);
            case STARTING -> Readiness.notReady(now.problem());
            case UNREACHABLE -> Readiness.notReady("Redis at " + address + " unreachable since " + now.since()
                    + ": " + now.problem());
        };
    }

    private double lastPublishedEpochSeconds() {
        Instant last = lastPublished;
        return last == null ? 0 : last.toEpochMilli() / 1000.0;
    }

    private static String describe(JedisException e) {
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null ? e.getMessage() : e.getMessage() + ": " + cause.getMessage();
    }
}
