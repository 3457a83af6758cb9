package io.fnpulse.dashboard;

import static io.fnpulse.dashboard.DashboardJar.freePort;
import static io.fnpulse.dashboard.DashboardJar.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Protocol;

/**
 * The dashboard jar against hostile data and a wrong login (issue 10): a 50 MB output value, a key of another type,
 * a refused password, and an out-of-memory in the poll thread. Each asserts what the page is told, what
 * {@code /healthz} says, and that the last good sample stays.
 */
@ExtendWith(RedisExtension.class)
class HardenedJarIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final String GOOD = "{\"load\": 0.5, \"memory\": 26.7}";

    private final TestRedis redis;
    private final Path jar = DashboardJar.JAR;

    HardenedJarIT(TestRedis redis) {
        this.redis = redis;
    }

    private JsonNode latest(int port) throws Exception {
        return MAPPER.readTree(get(port, "/api/latest").body());
    }

    private ServiceProcess.Builder dashboard(String key, int port) {
        return ServiceProcess.jar(jar)
                .name("dashboard-hardened")
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_OUTPUT_KEY", key)
                .env("PORT", Integer.toString(port))
                .env("POLL_INTERVAL_SECONDS", "0.2");
    }

    @Test
    void aFiftyMegabyteValueIsNamedOnTheBadgeNeverReadAndTheChartsKeepTheLastSample() throws Exception {
        String key = "hardened:large";
        int port = freePort();
        try (ServiceProcess dashboard = dashboard(key, port).jvmArg("-Xmx64m").start()) {
            dashboard.awaitLine("dashboard listening on http://localhost:" + port, START);
            redis.client().set(key, GOOD);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !latest(port).get("sample").isNull());

            redis.client().set(key, "{\"x\": \"" + "y".repeat(50 << 20) + "\"}");
            JsonNode state = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> latest(port).get("state"),
                            s -> s.path("problem").path("kind").asText().equals("TOO_LARGE"));
            assertThat(state.get("problem").get("message").asText())
                    .isEqualTo("key " + key + " holds 52,428,809 bytes, more than MAX_VALUE_BYTES (4 MiB); it was"
                            + " not read");
            assertThat(latest(port).get("sample").get("values").get("memory").asDouble())
                    .isEqualTo(26.7);
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/metrics").body())
                    .contains("fnpulse_dashboard_output_problems_total{cause=\"too_large\",service=\"dashboard\"} 1.0");

            redis.client().set(key, "{\"load\": 0.7, \"memory\": 30.1}");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> latest(port)
                                    .get("sample")
                                    .get("values")
                                    .get("memory")
                                    .asDouble()
                            == 30.1);
            assertThat(dashboard.isAlive()).isTrue();
        }
    }

    @Test
    void aKeyOfAnotherTypeIsThatKeysProblem() throws Exception {
        String key = "hardened:list";
        redis.client().del(key);
        redis.client().rpush(key, "1", "2");
        int port = freePort();
        try (ServiceProcess dashboard = dashboard(key, port).start()) {
            dashboard.awaitLine("dashboard listening on http://localhost:" + port, START);
            JsonNode state = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> latest(port).get("state"),
                            s -> s.path("problem").path("kind").asText().equals("WRONG_TYPE"));
            assertThat(state.get("problem").get("message").asText())
                    .isEqualTo("key " + key + " holds a list; expected a string");
            assertThat(state.get("redis").asText()).isEqualTo("up");
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWrongPasswordReadsRefusedNotUnreachable() throws Exception {
        redis.client()
                .sendCommand(Protocol.Command.ACL, "SETUSER", "dashboard-it", "on", ">right-password", "~*", "+@all");
        int port = freePort();
        try (ServiceProcess dashboard = dashboard("hardened:login", port)
                .env("REDIS_USERNAME", "dashboard-it")
                .env("REDIS_PASSWORD", "wrong-password")
                .start()) {
            dashboard.awaitLine("dashboard listening on http://localhost:" + port, START);
            JsonNode state = await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> latest(port).get("state"),
                            s -> s.path("redis").asText().equals("down"));
            assertThat(state.get("redisRefused").asBoolean()).isTrue();
            assertThat(state.get("redisError").asText()).startsWith("Redis refused the login (WRONGPASS");
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("refused the login").doesNotContain("unreachable");
            assertThat(get(port, "/healthz").statusCode())
                    .as("the poll loop runs on")
                    .isEqualTo(200);
            assertThat(dashboard.awaitLine(line -> line.contains("Redis refused the login"), START))
                    .doesNotContain("right-password")
                    .doesNotContain("wrong-password");
        }
    }

    @Test
    void anOutOfMemoryInThePollThreadEndsTheProcessWithExitCodeThree() throws Exception {
        String key = "hardened:oom";
        redis.client().set(key, "{\"x\": \"" + "y".repeat(80 << 20) + "\"}");
        int port = freePort();
        try (ServiceProcess dashboard = dashboard(key, port)
                .env("MAX_VALUE_BYTES", "512MiB")
                .jvmArg("-Xmx48m")
                .start()) {
            assertThat(dashboard.awaitExit(START)).isEqualTo(3);
            assertThat(dashboard.lines())
                    .filteredOn(line -> line.contains("out of memory"))
                    .singleElement()
                    .asString()
                    .contains("thread poll")
                    .contains("exits with code 3");
        } finally {
            redis.client().del(key);
        }
    }
}
