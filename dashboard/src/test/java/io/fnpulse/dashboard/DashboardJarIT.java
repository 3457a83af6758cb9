package io.fnpulse.dashboard;

import static io.fnpulse.dashboard.DashboardJar.freePort;
import static io.fnpulse.dashboard.DashboardJar.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar dashboard/target/fnpulse-dashboard.jar}, as a user runs it, against the test's Redis. */
@ExtendWith(RedisExtension.class)
class DashboardJarIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    private final TestRedis redis;
    private final Path jar = DashboardJar.JAR;

    DashboardJarIT(TestRedis redis) {
        this.redis = redis;
    }

    @Test
    void servesThePageAndChartsWhatTheKeyHolds() throws Exception {
        int port = freePort();
        try (ServiceProcess dashboard = ServiceProcess.jar(jar)
                .name("dashboard")
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_OUTPUT_KEY", "jar-it")
                .env("PORT", Integer.toString(port))
                .env("POLL_INTERVAL_SECONDS", "0.2")
                .start()) {
            dashboard.awaitLine("dashboard listening on http://localhost:" + port, START);

            HttpResponse<String> page = get(port, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>fnpulse dashboard</title>", "/app.js");
            assertThat(get(port, "/webjars/uplot/1.6.30/dist/uPlot.esm.js").statusCode())
                    .isEqualTo(200);

            redis.client().set("jar-it", ProjectFiles.expectedOutput().get(0));
            JsonNode sample = await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> MAPPER.readTree(get(port, "/api/latest").body())
                                    .get("sample"),
                            s -> !s.isNull());
            assertThat(sample.get("values").get("moving_average_cpu_percent-2").asDouble())
                    .isEqualTo(36.4);

            redis.client().set("jar-it", "");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> MAPPER.readTree(get(port, "/api/latest").body())
                            .get("state")
                            .path("problem")
                            .path("kind")
                            .asText()
                            .equals("EMPTY_VALUE"));
            assertThat(dashboard.isAlive())
                    .as("an empty key does not crash it, unlike the seed's")
                    .isTrue();
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/metrics").body()).contains("fnpulse_output_moving_average_cpu_percent{index=\"2\"");

            assertThat(dashboard.terminate(Duration.ofSeconds(20)))
                    .as("exit code after SIGTERM")
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "REDIS_OUTPUT_KEY, ''",
        "POLL_INTERVAL_SECONDS, soon",
        "PORT, 99999",
        "HISTORY_MINUTES, -5",
        "TRIGGER, push",
    })
    void aBadSettingStopsItWithOneLineNamingTheVariable(String variable, String value) {
        DashboardJar.assertRefusesToStart(
                "dashboard-bad-config", redis, Map.of("REDIS_OUTPUT_KEY", "jar-it"), variable, value);
    }
}
