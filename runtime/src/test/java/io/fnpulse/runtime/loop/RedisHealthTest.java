package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.service.redis.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RedisHealthTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RedisHealth health = new RedisHealth(
            new RuntimeMetrics(registry),
            new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5)),
            Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC));

    @Test
    void isNotReadyUntilRedisFirstAnswers() {
        assertThat(health.notReady()).contains("Redis not reached yet");
        health.reachable();
        assertThat(health.notReady()).isEmpty();
        assertThat(registry.get("fnpulse.redis.up").gauge().value()).isEqualTo(1);
    }

    @Test
    void tellsARefusedLoginFromAnOutageAndCountsEach() {
        health.failed(new JedisConnectionException("Failed to connect to redis:6379."));
        assertThat(health.notReady())
                .contains("Redis unreachable (Failed to connect to redis:6379.) since" + " 2026-12-02T03:00:00Z");
        health.failed(new JedisAccessControlException("WRONGPASS invalid username-password pair"));
        assertThat(health.notReady())
                .hasValueSatisfying(why -> assertThat(why)
                        .startsWith("Redis refused the login (WRONGPASS invalid username-password pair)"));
        assertThat(registry.get("fnpulse.redis.errors")
                        .tag("problem", "unreachable")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("fnpulse.redis.errors")
                        .tag("problem", "login_refused")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(health.up()).isFalse();
    }

    @Test
    void backsOffMoreWithEachFailureUntilRedisAnswersAgain() {
        health.failed(new JedisConnectionException("gone"));
        Duration first = health.nextRetry();
        Duration later = Duration.ZERO;
        for (int i = 0; i < 10; i++) {
            later = health.nextRetry();
        }
        assertThat(first).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(later).isGreaterThan(Duration.ofSeconds(1));
        health.reachable();
        assertThat(health.nextRetry()).isLessThanOrEqualTo(Duration.ofMillis(100));
    }
}
