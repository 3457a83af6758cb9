package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.time.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Which replica serves which instance, decided on a clock of its own: every third of a lease the fleet is brought up
 * to date (membership, new and vanished keys) and every served instance's lease is taken or renewed, whatever the
 * poll interval, so a standby takes over within two lease periods of the holder's death and wakes the function loop
 * at once to handle the current input. Leases are renewed only while the function loop beats: a replica whose loop
 * has stalled lets them lapse so that another can take over.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final Fleet fleet;
    private final Duration period;
    private final Heartbeat functionLoop;
    private final RedisHealth redis;
    private final RuntimeMetrics metrics;
    private final Runnable wake;
    private final FailureLog stalled = new FailureLog(LoggerFactory.getLogger(Leadership.class));
    private final FailureLog notALock = new FailureLog(LoggerFactory.getLogger(Leadership.class));
    private volatile String problem;
    private volatile int held;
    private int announcedHeld = -1;
    private SupervisedLoop loop;

    /**
     * @param functionLoop the heartbeat of the loop the leases are for
     * @param wake         told when this replica takes over an instance, to handle its input at once
     */
    public Leadership(
            Fleet fleet,
            Duration leaseDuration,
            Heartbeat functionLoop,
            RedisHealth redis,
            RuntimeMetrics metrics,
            Runnable wake) {
        this.fleet = fleet;
        this.period = Duration.ofMillis(Math.max(50, leaseDuration.toMillis() / 3));
        this.functionLoop = functionLoop;
        this.redis = redis;
        this.metrics = metrics;
        this.wake = wake;
    }

    /** Runs {@link #attempt()} every period, on a supervised loop of its own. */
    public void start(Heartbeat heartbeat) {
        loop = SupervisedLoop.start(
                heartbeat,
                () -> {
                    attempt();
                    Thread.sleep(period.toMillis());
                },
                new Backoff(period, Durations.times(period, 3)));
    }

    /** The period of the leadership loop: what its own heartbeat must allow, plus Redis commands. */
    public Duration period() {
        return period;
    }

    /** One round: the fleet brought up to date, then every lease taken or renewed, unless the function loop stalled. */
    void attempt() {
        if (!functionLoop.fresh()) {
            stalled.failed(
                    "stalled",
                    "not renewing the leases: "
                            + functionLoop.problem().orElse("the function loop is not beating")
                            + "; letting them lapse so that another replica can take over");
            metrics.leaseHeld(false);
            return;
        }
        stalled.recovered("the function loop beats again; renewing the leases");
        try {
            fleet.refresh();
            List<Instance> instances = fleet.instances();
            int count = 0;
            String wrong = null;
            for (Instance instance : instances) {
                if (instance.retiring()) {
                    continue;
                }
                Lease.Attempt attempt = instance.lease().acquireOrRenew();
                if (attempt instanceof Lease.Attempt.NotALock notLock) {
                    wrong = notLock.problem();
                    notALock.failed(notLock.type(), wrong);
                }
                count += announce(instance, attempt) ? 1 : 0;
            }
            redis.reachable();
            problem = wrong;
            if (wrong == null) {
                notALock.recovered("the lease keys hold leases again");
            }
            held = count;
            metrics.leaseHeld(count > 0);
            if (fleet.isPattern()) {
                metrics.fleet(fleet.knownKeys(), count);
            }
            if (fleet.isPattern() && count != announcedHeld) {
                log.info("holding the leases of {} of the {} keys of the pattern", count, fleet.knownKeys());
                announcedHeld = count;
            }
        } catch (JedisException e) {
            redis.failed(e);
        }
    }

    /** Logs and wakes on a change of one instance's lease; returns whether it is held. */
    private boolean announce(Instance instance, Lease.Attempt attempt) {
        boolean leader = instance.leader();
        if (leader && !instance.leaseWasHeld) {
            if (!fleet.isPattern()) {
                log.info("holding the lease {}", instance.lease().key().orElse("(none)"));
            }
            instance.announcedStandby = false;
            fleet.markDirty(instance);
            wake.run();
        } else if (!leader
                && (instance.leaseWasHeld || !instance.announcedStandby)
                && attempt instanceof Lease.Attempt.HeldBy other
                && !fleet.isPattern()) {
            log.info(
                    "{} holds the lease {}; standing by",
                    other.holder(),
                    instance.lease().key().orElse(""));
            instance.announcedStandby = true;
        }
        instance.leaseWasHeld = leader;
        return leader;
    }

    /** How many instances this replica holds the lease of, as of the last round. */
    int held() {
        return held;
    }

    /** A lease key holds something that is not a lease, if one does. */
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
