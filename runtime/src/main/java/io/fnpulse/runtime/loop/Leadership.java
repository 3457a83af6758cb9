package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Which replica invokes, decided on a clock of its own: every third of a lease the lease is taken or renewed,
 * whatever the poll interval, so a standby takes over within two lease periods of the holder's death and wakes the
 * function loop at once to handle the current input. The lease is renewed only while the function loop beats: a
 * replica whose loop has stalled lets its lease lapse so that another can take over.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final Supplier<Lease.Attempt> attempts;
    private final BooleanSupplier held;
    private final String leaseKey;
    private final Duration period;
    private final Heartbeat functionLoop;
    private final RedisHealth redis;
    private final RuntimeMetrics metrics;
    private final Runnable onGained;
    private final FailureLog stalled = new FailureLog(LoggerFactory.getLogger(Leadership.class));
    private final FailureLog notALock = new FailureLog(LoggerFactory.getLogger(Leadership.class));
    private volatile String holder;
    private volatile String problem;
    private boolean wasLeader;
    private boolean announcedStandby;
    private SupervisedLoop loop;

    /**
     * @param attempts     one try to take or renew the lease ({@link Lease#acquireOrRenew})
     * @param held         whether the last renewal is still valid ({@link Lease#held})
     * @param functionLoop the heartbeat of the loop the lease is for
     * @param onGained     told when this replica becomes the one that invokes
     */
    public Leadership(Supplier<Lease.Attempt> attempts, BooleanSupplier held, String leaseKey, Duration leaseDuration,
               Heartbeat functionLoop, RedisHealth redis, RuntimeMetrics metrics, Runnable onGained) {
        this.attempts = attempts;
        this.held = held;
        this.leaseKey = leaseKey;
        this.period = Duration.ofMillis(Math.max(50, leaseDuration.toMillis() / 3));
        this.functionLoop = functionLoop;
        this.redis = redis;
        this.metrics = metrics;
        this.onGained = onGained;
    }

    /** Runs {@link #attempt()} every period, on a supervised loop of its own. */
    public void start(Heartbeat heartbeat) {
        loop = SupervisedLoop.start(heartbeat, () -> {
            attempt();
            Thread.sleep(period.toMillis());
        }, new Backoff(period, period.multipliedBy(3)));
    }

    /** The period of the leadership loop: what its own heartbeat must allow, plus a Redis command. */
    public Duration period() {
        return period;
    }

    /** One round: take or renew the lease, unless the function loop has stalled. */
    void attempt() {
        if (!functionLoop.fresh()) {
            stalled.failed("stalled", "not renewing the lease " + leaseKey + ": "
                    + functionLoop.problem().orElse("the function loop is not beating")
                    + "; letting it lapse so that another replica can take over");
            metrics.leaseHeld(false);
            return;
        }
        stalled.recovered("the function loop beats again; renewing the lease " + leaseKey);
        Lease.Attempt attempt;
        try {
            attempt = attempts.get();
            redis.reachable();
        } catch (JedisException e) {
            redis.failed(e);
            attempt = null;
        }
        if (attempt instanceof Lease.Attempt.HeldBy other) {
            holder = other.holder();
        }
        if (attempt instanceof Lease.Attempt.NotALock wrong) {
            problem = wrong.problem();
            notALock.failed(wrong.type(), problem);
        } else if (attempt != null) {
            problem = null;
            notALock.recovered("the lease key " + leaseKey + " holds a lease again");
        }
        announce();
    }

    private synchronized void announce() {
        boolean leader = held.getAsBoolean();
        metrics.leaseHeld(leader);
        if (leader && !wasLeader) {
            log.info("holding the lease {}", leaseKey);
            announcedStandby = false;
            onGained.run();
        } else if (!leader && (wasLeader || !announcedStandby) && holder != null) {
            log.info("{} holds the lease {}; standing by", holder, leaseKey);
            announcedStandby = true;
        }
        wasLeader = leader;
    }

    /** Whether this replica may invoke now. */
    boolean leader() {
        return held.getAsBoolean();
    }

    /** The lease key holds something that is not a lease, if it does. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
    }
}
