package io.fnpulse.monitor.publish;

import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.RedisProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAddParams;

/**
 * SETs each snapshot to the metrics key and, when a stream is configured, XADDs it there too ({@code MAXLEN ~}). While
 * Redis is away, snapshots are dropped rather than queued (a reader of one key only ever sees the latest; a stream
 * reader gets what was appended) and attempts are spaced out with a capped backoff; going away and coming back are
 * logged once each. A refused login is told apart from an outage. Owns the Redis state that /readyz reports.
 */
public final class SnapshotPublisher {

    private static final Logger log = LoggerFactory.getLogger(SnapshotPublisher.class);

    /** Where snapshots go: the key, and the stream with its approximate cap. */
    public record Target(String key, Optional<String> stream, long streamLength) {

        public static Target key(String key) {
            return new Target(key, Optional.empty(), 0);
        }
    }

    private enum Status {
        STARTING,
        REACHABLE,
        FAILING
    }

    /** Where publishing stands, since when, and why while it fails. */
    private record State(Status status, Instant since, RedisProblem problem) {}

    private final UnifiedJedis redis;
    private final Target target;
    private final String address;
    private final Backoff backoff;
    private final Clock clock;
    private final Counter published;
    private final Map<RedisProblem.Kind, Counter> redisErrors = new EnumMap<>(RedisProblem.Kind.class);
    private volatile State state = new State(Status.STARTING, Instant.EPOCH, null);
    private volatile Instant lastPublished;
    private Instant nextAttempt = Instant.MIN;

    public SnapshotPublisher(
            UnifiedJedis redis, String key, String address, Backoff backoff, Clock clock, MeterRegistry registry) {
        this(redis, Target.key(key), address, backoff, clock, registry);
    }

    public SnapshotPublisher(
            UnifiedJedis redis, Target target, String address, Backoff backoff, Clock clock, MeterRegistry registry) {
        this.redis = redis;
        this.target = target;
        this.address = address;
        this.backoff = backoff;
        this.clock = clock;
        this.published = Counter.builder("fnpulse.monitor.snapshots.published")
                .description("Snapshots written to Redis")
                .register(registry);
        for (RedisProblem.Kind kind : RedisProblem.Kind.values()) {
            redisErrors.put(
                    kind,
                    Counter.builder("fnpulse.monitor.redis.errors")
                            .description("Failed attempts to write a snapshot to Redis, by why they failed")
                            .tag("problem", kind.tag())
                            .register(registry));
        }
        Gauge.builder("fnpulse.monitor.last.publish", this, SnapshotPublisher::lastPublishedEpochSeconds)
                .description("When the last snapshot was written to Redis, in epoch seconds (0: not yet)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** Writes the snapshot, or drops it while Redis fails and the next attempt is not due yet. */
    public void publish(String snapshotJson) {
        Instant now = clock.instant();
        State before = state;
        if (before.status() == Status.FAILING && now.isBefore(nextAttempt)) {
            return;
        }
        try {
            redis.set(target.key(), snapshotJson);
            if (target.stream().isPresent()) {
                redis.xadd(
                        target.stream().get(),
                        XAddParams.xAddParams().maxLen(target.streamLength()).approximateTrimming(),
                        Map.of("data", snapshotJson));
            }
        } catch (JedisException e) {
            failed(before, now, RedisProblem.of(e));
            return;
        }
        published.increment();
        backoff.reset();
        lastPublished = now;
        state = new State(Status.REACHABLE, now, null);
        if (before.status() == Status.FAILING) {
            log.info(
                    "Redis at {} is reachable again after {} s; publishing resumed",
                    address,
                    Duration.between(before.since(), now).toSeconds());
        } else if (before.status() == Status.STARTING) {
            log.info(
                    "first snapshot published to {} key '{}'{}",
                    address,
                    target.key(),
                    target.stream()
                            .map(stream -> " and stream '" + stream + "'")
                            .orElse(""));
        }
    }

    private void failed(State before, Instant now, RedisProblem problem) {
        redisErrors.get(problem.kind()).increment();
        nextAttempt = now.plus(backoff.nextDelay());
        boolean sameKind = before.status() == Status.FAILING && before.problem().kind() == problem.kind();
        state = new State(Status.FAILING, sameKind ? before.since() : now, problem);
        if (sameKind) {
            return;
        }
        String retrying =
                "still sampling, retrying with backoff up to " + backoff.max().toSeconds() + " s";
        switch (problem.kind()) {
            case UNREACHABLE -> log.warn("Redis at {} is unreachable ({}); {}", address, problem.detail(), retrying);
            case LOGIN_REFUSED ->
                log.warn(
                        "Redis at {} refused the login ({}): check REDIS_USERNAME and" + " REDIS_PASSWORD; {}",
                        address,
                        problem.detail(),
                        retrying);
            case COMMAND_REFUSED ->
                log.warn("Redis at {} refused the command ({}); {}", address, problem.detail(), retrying);
        }
    }

    /** Ready while the last attempt to write to Redis succeeded. */
    public Readiness readiness() {
        State now = state;
        return switch (now.status()) {
            case REACHABLE -> Readiness.ready("publishing to " + address + ", last snapshot at " + lastPublished);
            case STARTING -> Readiness.notReady("no snapshot published yet");
            case FAILING ->
                Readiness.notReady(
                        "Redis at " + address + " " + phrase(now.problem().kind()) + " since " + now.since() + ": "
                                + now.problem().detail());
        };
    }

    private static String phrase(RedisProblem.Kind kind) {
        return switch (kind) {
            case UNREACHABLE -> "unreachable";
            case LOGIN_REFUSED -> "refused the login";
            case COMMAND_REFUSED -> "refused the command";
        };
    }

    private double lastPublishedEpochSeconds() {
        Instant last = lastPublished;
        return last == null ? 0 : last.toEpochMilli() / 1000.0;
    }
}
