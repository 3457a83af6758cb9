package io.fnpulse.service.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class RedisSettingsTest {

    @Test
    void connectsToTheConfiguredServer(TestRedis redis) {
        RedisSettings settings = RedisSettings.fromEnv(
                new Env(Map.of("REDIS_HOST", redis.host(), "REDIS_PORT", Integer.toString(redis.port()))));
        try (RedisClient client = settings.newClient(Duration.ofSeconds(2))) {
            client.set("settings-test", "ok");
            assertThat(redis.client().get("settings-test")).isEqualTo("ok");
        }
    }

    @Test
    void neverPrintsThePassword() {
        RedisSettings settings =
                RedisSettings.fromEnv(new Env(Map.of("REDIS_PASSWORD", "s3cret", "REDIS_USERNAME", "app")));
        assertThat(settings.toString()).doesNotContain("s3cret").contains("redis://localhost:6379 as app");
    }
}
