package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.redis.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Leadership against a scripted lease: its own clock, renewal only while the loop beats, takeover wakes the loop. */
class LeadershipTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RuntimeMetrics metrics = new RuntimeMetrics(registry);
    private final Liveness liveness = new Liveness(registry, Clock.systemUTC());
    private final RedisHealth redis = new RedisHealth(metrics, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
            Clock.systemUTC());
    private final AtomicReference<Lease.Attempt> next = new AtomicReference<>(new Lease.Attempt.Held());
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicBoolean held = new AtomicBoolean();
    private final AtomicInteger wakeUps = new AtomicInteger();

    private Leadership leadership(Heartbeat functionLoop) {
        return new Leadership(() -> {
            attempts.incrementAndGet();
            Lease.Attempt attempt = next.get();
            if (attempt == null) {
                throw new JedisConnectionException("connection refused");
            }
            held.set(attempt instanceof Lease.Attempt.Held);
            return attempt;
        }, held::get, "out:lock", Duration.ofMillis(300), functionLoop, redis, metrics, wakeUps::incrementAndGet);
    }

    @Test
    void wakesTheFunctionLoopOnceWhenItGainsTheLease() {
        Leadership leadership = leadership(liveness.loop("function", Duration.ofMinutes(1)));
        next.set(new Lease.Attempt.HeldBy("other-1"));
        leadership.attempt();
        assertThat(leadership.leader()).isFalse();
        assertThat(wakeUps).hasValue(0);

        next.set(new Lease.Attempt.Held());
        leadership.attempt();
        leadership.attempt();
        assertThat(leadership.leader()).isTrue();
        assertThat(wakeUps).as("once, on the change").hasValue(1);
    }

    @Test
    void doesNotRenewWhileTheFunctionLoopMissesItsHeartbeat() {
        Heartbeat functionLoop = liveness.loop("function", Duration.ofMillis(50));
        Leadership leadership = leadership(functionLoop);
        leadership.attempt();
        assertThat(attempts).hasValue(1);

        await().atMost(Duration.ofSeconds(2)).until(() -> !functionLoop.fresh());
        leadership.attempt();
        assertThat(attempts).as("no renewal for a stalled loop").hasValue(1);

        functionLoop.beat();
        leadership.attempt();
        assertThat(attempts).hasValue(2);
    }

    @Test
    void runsOnItsOwnClock() throws Exception {
        Leadership leadership = leadership(liveness.loop("function", Duration.ofMinutes(1)));
        leadership.start(liveness.loop("lease", Duration.ofSeconds(5)));
        try {
            await().atMost(Duration.ofSeconds(3)).until(() -> attempts.get() >= 3);
        } finally {
            leadership.close();
        }
        assertThat(leadership.period()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void namesALockKeyThatIsNotALock() {
        Leadership leadership = leadership(liveness.loop("function", Duration.ofMinutes(1)));
        next.set(new Lease.Attempt.NotALock("out:lock", "hash"));
        leadership.attempt();
        assertThat(leadership.problem()).contains("the lease key out:lock holds a hash, not a lease; no replica can"
                + " take the lease until it is deleted (DEL out:lock)");

        next.set(new Lease.Attempt.Held());
        leadership.attempt();
        assertThat(leadership.problem()).isEmpty();
    }

    @Test
    void reportsRedisTroubleToRedisHealth() {
        Leadership leadership = leadership(liveness.loop("function", Duration.ofMinutes(1)));
        next.set(null);
        leadership.attempt();
        assertThat(redis.up()).isFalse();
        assertThat(redis.notReady()).hasValueSatisfying(why -> assertThat(why).startsWith("Redis unreachable ("));
        assertThat(registry.get("fnpulse.redis.errors").tag("problem", "unreachable").counter().count()).isEqualTo(1);

        next.set(new Lease.Attempt.Held());
        leadership.attempt();
        assertThat(redis.up()).isTrue();
    }
}
