package io.fnpulse.dashboard.fleet;

import static io.fnpulse.dashboard.DashboardJar.freePort;
import static io.fnpulse.dashboard.DashboardJar.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.DashboardJar;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code java -jar fnpulse-dashboard.jar} in fleet mode against the test's Redis: hosts come, go and are capped. */
@ExtendWith(RedisExtension.class)
class FleetJarIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    /** The promise: a host that appears is listed, one that disappears is gone, within 10 s. */
    private static final Duration LISTED_WITHIN = Duration.ofSeconds(10);

    private final TestRedis redis;
    private final Path jar = DashboardJar.JAR;

    FleetJarIT(TestRedis redis) {
        this.redis = redis;
    }

    private List<String> hosts(int port) throws Exception {
        List<String> names = new ArrayList<>();
        MAPPER.readTree(get(port, "/api/hosts").body())
                .get("hosts")
                .forEach(h -> names.add(h.get("host").asText()));
        return names;
    }

    private void awaitHosts(int port, String... expected) {
        await("hosts " + List.of(expected))
                .atMost(LISTED_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> hosts(port), names -> names.equals(List.of(expected)));
    }

    @Test
    void listsTheHostsAsTheyComeAndGoWithinTenSecondsUpToMaxHosts() throws Exception {
        int port = freePort();
        String output = ProjectFiles.expectedOutput().get(0);
        redis.client().set("fleet-it:alpha", output);
        redis.client().set("fleet-it:alpha:status", "{\"ok\":true}");
        redis.client().set("fleet-it:alpha:env", "{}");
        try (ServiceProcess dashboard = ServiceProcess.jar(jar)
                .name("dashboard-fleet")
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_OUTPUT_KEY", "fleet-it:*")
                .env("MAX_HOSTS", "3")
                .env("PORT", Integer.toString(port))
                .env("POLL_INTERVAL_SECONDS", "0.2")
                .start()) {
            dashboard.awaitLine("dashboard listening on http://localhost:" + port, START);
            assertThat(get(port, "/").body()).contains("<title>fnpulse fleet</title>", "/fleet.js");
            awaitHosts(port, "alpha");

            redis.client().set("fleet-it:beta", output);
            redis.client().set("fleet-it:beta:status", "{\"ok\":true}");
            awaitHosts(port, "alpha", "beta");
            JsonNode samples = await("alpha's sample")
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () -> MAPPER.readTree(get(port, "/api/fleet/host?host=alpha")
                                            .body())
                                    .get("samples"),
                            s -> s.size() == 1);
            assertThat(samples.get(0)
                            .get("values")
                            .get("moving_average_cpu_percent-2")
                            .asDouble())
                    .isEqualTo(36.4);
            assertThat(get(port, "/api/fleet/host?host=nobody").statusCode()).isEqualTo(404);

            redis.client().set("fleet-it:delta", output);
            redis.client().set("fleet-it:gamma", output);
            awaitHosts(port, "alpha", "beta", "delta");
            assertThat(MAPPER.readTree(get(port, "/api/hosts").body())
                            .get("capped")
                            .asBoolean())
                    .isTrue();

            redis.client().del("fleet-it:alpha");
            awaitHosts(port, "beta", "delta", "gamma");
            JsonNode overview =
                    MAPPER.readTree(get(port, "/api/fleet?minutes=5").body());
            assertThat(overview.get("metrics").findValuesAsText("metric")).contains("moving_average_cpu_percent");
            assertThat(overview.get("metrics").get(0).get("lines")).hasSize(3);

            HttpResponse<String> health = get(port, "/healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("fleet");
            assertThat(dashboard.lines()).anyMatch(line -> line.contains("more than MAX_HOSTS=3"));
            assertThat(dashboard.terminate(Duration.ofSeconds(20)))
                    .as("exit code after SIGTERM")
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "REDIS_OUTPUT_KEY, 'metrics-output:*:*'",
        "MAX_HOSTS, 0",
        "MAX_HOSTS, many",
    })
    void aBadFleetSettingStopsItWithOneLineNamingTheVariable(String variable, String value) {
        DashboardJar.assertRefusesToStart(
                "dashboard-fleet-bad-config", redis, Map.of("REDIS_OUTPUT_KEY", "fleet-it:*"), variable, value);
    }
}
