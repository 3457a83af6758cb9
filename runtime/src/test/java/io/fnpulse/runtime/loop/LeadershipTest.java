package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

/** Leadership on its own clock: renewal only while the loop beats, a takeover wakes the loop, odd lease keys named. */
@ExtendWith(RedisExtension.class)
class LeadershipTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RuntimeMetrics metrics = new RuntimeMetrics(registry);
    private final Liveness liveness = new Liveness(registry, Clock.systemUTC());
    private final RedisHealth redisHealth =
            new RedisHealth(metrics, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)), Clock.systemUTC());
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final TestRedis redis;

    LeadershipTest(TestRedis redis) {
        this.redis = redis;
    }

    private Leadership leadership(Instance instance, Heartbeat functionLoop) {
        return new Leadership(
                Fleet.single(instance),
                Duration.ofMillis(300),
                functionLoop,
                redisHealth,
                metrics,
                wakeUps::incrementAndGet);
    }

    @Test
    void wakesTheFunctionLoopOnceWhenItGainsTheLease() {
        Instance instance = Instances.of(redis.client(), "gain-in", "gain-out", "me", Duration.ofSeconds(5));
        Leadership leadership = leadership(instance, liveness.loop("function", Duration.ofMinutes(1)));
        redis.client().set("gain-out:lock", "other-1");
        leadership.attempt();
        assertThat(instance.leader()).isFalse();
        assertThat(wakeUps).hasValue(0);

        redis.client().del("gain-out:lock");
        leadership.attempt();
        leadership.attempt();
        assertThat(instance.leader()).isTrue();
        assertThat(wakeUps).as("once, on the change").hasValue(1);
        assertThat(redis.client().get("gain-out:lock")).isEqualTo("me");
    }

    @Test
    void doesNotRenewWhileTheFunctionLoopMissesItsHeartbeat() {
        Instance instance = Instances.of(redis.client(), "stall-in", "stall-out", "me", Duration.ofSeconds(5));
        Heartbeat functionLoop = liveness.loop("function", Duration.ofMillis(50));
        Leadership leadership = leadership(instance, functionLoop);
        leadership.attempt();
        assertThat(redis.client().get("stall-out:lock")).isEqualTo("me");

        redis.client().del("stall-out:lock");
        await().atMost(Duration.ofSeconds(2)).until(() -> !functionLoop.fresh());
        leadership.attempt();
        assertThat(redis.client().exists("stall-out:lock"))
                .as("no renewal for a stalled loop")
                .isFalse();

        functionLoop.beat();
        leadership.attempt();
        assertThat(redis.client().get("stall-out:lock")).isEqualTo("me");
    }

    @Test
    void runsOnItsOwnClock() {
        Instance instance = Instances.of(redis.client(), "clock-in", "clock-out", "me", Duration.ofMillis(300));
        Leadership leadership = leadership(instance, liveness.loop("function", Duration.ofMinutes(1)));
        leadership.start(liveness.loop("lease", Duration.ofSeconds(5)));
        try {
            assertThat(leadership.period()).isEqualTo(Duration.ofMillis(100));
            await().atMost(Duration.ofSeconds(3)).until(instance::leader);
            redis.client().del("clock-out:lock");
            await().atMost(Duration.ofSeconds(3)).until(() -> redis.client().exists("clock-out:lock"));
        } finally {
            leadership.close();
        }
    }

    @Test
    void namesALockKeyThatIsNotALock() {
        Instance instance = Instances.of(redis.client(), "odd-in", "odd-out", "me", Duration.ofSeconds(5));
        Leadership leadership = leadership(instance, liveness.loop("function", Duration.ofMinutes(1)));
        redis.client().hset("odd-out:lock", "f", "v");
        leadership.attempt();
        assertThat(leadership.problem())
                .contains("the lease key odd-out:lock holds a hash, not a lease; no replica"
                        + " can take the lease until it is deleted (DEL odd-out:lock)");

        redis.client().del("odd-out:lock");
        leadership.attempt();
        assertThat(leadership.problem()).isEmpty();
    }

    @Test
    void reportsRedisTroubleToRedisHealth() {
        try (RedisClient nowhere = RedisSettings.local("127.0.0.1", 1).newClient(Duration.ofMillis(200))) {
            Instance instance = Instances.of(nowhere, "down-in", "down-out", "me", Duration.ofSeconds(5));
            leadership(instance, liveness.loop("function", Duration.ofMinutes(1)))
                    .attempt();
        }
        assertThat(redisHealth.up()).isFalse();
        assertThat(redisHealth.notReady())
                .hasValueSatisfying(why -> assertThat(why).startsWith("Redis unreachable ("));
        assertThat(registry.get("fnpulse.redis.errors")
                        .tag("problem", "unreachable")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
