package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.time.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link CallRecords} in Redis, through an outage: each write is retried with backoff until Redis takes it (the
 * loop beating meanwhile), unless the runtime is stopping, so a result computed while Redis is away is written
 * when it returns.
 */
public final class RedisCallRecords implements CallRecords {

    private static final Logger log = LoggerFactory.getLogger(RedisCallRecords.class);

    private final InFlight inFlight;
    private final Commit commit;
    private final RedisHealth redis;
    private final Heartbeat heartbeat;
    private final Ticker ticker;
    private final BooleanSupplier running;
    private final Duration redisTimeout;
    private final Clock clock;
    private final String leaseKey;

    public RedisCallRecords(
            InFlight inFlight,
            Commit commit,
            RedisHealth redis,
            Heartbeat heartbeat,
            Ticker ticker,
            BooleanSupplier running,
            Duration redisTimeout,
            Clock clock,
            String leaseKey) {
        this.inFlight = inFlight;
        this.commit = commit;
        this.redis = redis;
        this.heartbeat = heartbeat;
        this.ticker = ticker;
        this.running = running;
        this.redisTimeout = redisTimeout;
        this.clock = clock;
        this.leaseKey = leaseKey;
    }

    @Override
    public boolean markInFlight(InFlight.Calling calling) throws InterruptedException {
        return retried("marking the input in flight", () -> {
            inFlight.mark(calling, clock.instant());
            return true;
        });
    }

    @Override
    public String markerFor(InFlight.Calling calling, Optional<ErrorReport> cause) {
        return inFlight.marker(calling, cause, clock.instant());
    }

    @Override
    public boolean recordDeath(InFlight.Calling calling, ErrorReport cause) {
        try {
            inFlight.recordDeath(calling, cause, clock.instant());
            return true;
        } catch (JedisException e) {
            log.error(
                    "could not record in {} why the process ends ({}): {}",
                    inFlight.key().orElse("(no in-flight key)"),
                    cause.message(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public boolean commit(Writes writes) throws InterruptedException {
        boolean written =
                retried("a result not yet written (the input will be handled again)", () -> commit.write(writes));
        if (!written && running.getAsBoolean()) {
            log.warn("lost the lease {} to another replica; this call's result was not written; standing by", leaseKey);
        }
        return written;
    }

    private interface Write {
        boolean run();
    }

    private boolean retried(String pending, Write write) throws InterruptedException {
        while (true) {
            try {
                boolean done = write.run();
                redis.reachable();
                return done;
            } catch (JedisException e) {
                redis.failed(e);
                if (!running.getAsBoolean()) {
                    log.warn("stopping with {}: {}", pending, redis.notReady().orElse("Redis failed"));
                    return false;
                }
                Duration pause = redis.nextRetry();
                heartbeat.beatWithin(pause.plus(Durations.times(redisTimeout, 2)));
                ticker.await(pause);
            }
        }
    }
}
