package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.RedisProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether Redis answers, as every part of the runtime sees it: one place that logs going away and coming back once
 * each, counts the failures, spaces out retries, and tells {@code /readyz} why the runtime cannot work. An outage,
 * a refused login and a refused command are told apart (see {@link RedisProblem}).
 */
public final class RedisHealth {

    private final FailureLog log = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.redis"));
    private final RuntimeMetrics metrics;
    private final Backoff backoff;
    private final Clock clock;
    private RedisProblem problem;
    private Instant since;
    private boolean up;

    public RedisHealth(RuntimeMetrics metrics, Backoff backoff, Clock clock) {
        this.metrics = metrics;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** A command went through. */
    synchronized void reachable() {
        if (!up) {
            up = true;
            problem = null;
            since = clock.instant();
            metrics.redisUp(true);
            backoff.reset();
            log.recovered("Redis answers again");
        }
    }

    /** A command failed; logged once per cause, counted every time. */
    synchronized void failed(JedisException error) {
        RedisProblem now = RedisProblem.of(error);
        metrics.redisError(now.kind().tag());
        if (up || problem == null) {
            since = clock.instant();
        }
        up = false;
        problem = now;
        metrics.redisUp(false);
        log.failed(
                now.kind().name(),
                now.describe() + "; retrying with backoff up to "
                        + backoff.max().toSeconds() + " s");
    }

    /** How long to wait before trying again after a failure. */
    Duration nextRetry() {
        return backoff.nextDelay();
    }

    synchronized boolean up() {
        return up;
    }

    /** Why the runtime cannot reach Redis, and since when, while it cannot. */
    synchronized Optional<String> notReady() {
        if (up) {
            return Optional.empty();
        }
        if (problem == null) {
            return Optional.of("Redis not reached yet");
        }
        return Optional.of(problem.describe() + " since " + since);
    }
}
