package io.fnpulse.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol.Command;
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

    @Test
    void logsInWithThePasswordFromTheFileRedisPasswordFileNames(TestRedis redis, @TempDir Path dir) throws IOException {
        redis.client()
                .sendCommand(
                        Command.ACL, "SETUSER", "settings-file-user", "reset", "on", ">from-the-file", "~*", "+@all");
        Path file = Files.writeString(dir.resolve("password"), "from-the-file\n");
        RedisSettings settings = RedisSettings.fromEnv(new Env(Map.of(
                "REDIS_HOST", redis.host(),
                "REDIS_PORT", Integer.toString(redis.port()),
                "REDIS_USERNAME", "settings-file-user",
                "REDIS_PASSWORD_FILE", file.toString())));
        try (RedisClient client = settings.newClient(Duration.ofSeconds(2))) {
            assertThat(client.sendCommand(Command.ACL, "WHOAMI"))
                    .isEqualTo("settings-file-user".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            redis.client().sendCommand(Command.ACL, "DELUSER", "settings-file-user");
        }
        assertThat(settings.toString()).doesNotContain("from-the-file").contains("(password set)");
    }

    @Test
    void aPasswordFileThatIsNotThereStopsTheServiceNamingTheFile(@TempDir Path dir) {
        String missing = dir.resolve("fnpulse-redis-users/fnpulse-runtime").toString();
        assertThatThrownBy(() -> RedisSettings.fromEnv(new Env(Map.of("REDIS_PASSWORD_FILE", missing))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REDIS_PASSWORD_FILE='" + missing + "' is not valid")
                .hasMessageContaining("neither it nor its folder");
    }

    @Test
    void anEmptyPasswordFileIsRefused(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("password"), "\n");
        assertThatThrownBy(() -> RedisSettings.fromEnv(new Env(Map.of("REDIS_PASSWORD_FILE", empty.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("it is empty");
    }

    @Test
    void aPasswordAndAPasswordFileTogetherAreRefused(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "one");
        assertThatThrownBy(() -> RedisSettings.fromEnv(
                        new Env(Map.of("REDIS_PASSWORD_FILE", file.toString(), "REDIS_PASSWORD", "other"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("without REDIS_PASSWORD")
                .hasMessageNotContaining("other");
    }
}
