package io.fnpulse.dashboard;

import static io.fnpulse.dashboard.DashboardJar.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;

/**
 * The dashboard jar on a runtime's output history ({@code <O>:history}, written here as the runtime's commit writes
 * it: {@code XADD <O>:history * data <output>} next to {@code SET <O> <output>}): the history survives a restart of
 * the dashboard, two dashboards show the same samples, and outputs written faster than the poll all appear.
 */
@ExtendWith(RedisExtension.class)
class HistoryJarIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);

    private final TestRedis redis;
    private final Path jar = DashboardJar.JAR;
    private final HttpClient http = HttpClient.newHttpClient();

    HistoryJarIT(TestRedis redis) {
        this.redis = redis;
    }

    private JsonNode samples(int port) throws Exception {
        return MAPPER.readTree(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/history"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .get("samples");
    }

    private void commit(String key, int i) {
        String output = "{\"i\": " + i + ", \"load\": " + (i % 7) + "}";
        redis.client().set(key, output);
        redis.client().xadd(key + ":history", StreamEntryID.NEW_ENTRY, Map.of("data", output));
    }

    private ServiceProcess start(String key, int port, String pollSeconds) {
        ServiceProcess dashboard = ServiceProcess.jar(jar)
                .name("dashboard-history")
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_OUTPUT_KEY", key)
                .env("PORT", Integer.toString(port))
                .env("POLL_INTERVAL_SECONDS", pollSeconds)
                .start();
        dashboard.awaitLine("dashboard listening on http://localhost:" + port, START);
        return dashboard;
    }

    @Test
    void theHistoryIsThereAfterARestartAndTwoDashboardsAgree() throws Exception {
        String key = "history-it:restart";
        for (int i = 0; i < 50; i++) {
            commit(key, i);
        }
        int port = freePort();
        JsonNode before;
        try (ServiceProcess dashboard = start(key, port, "0.2")) {
            before = await().atMost(Duration.ofSeconds(20)).until(() -> samples(port), s -> s.size() == 50);
            assertThat(dashboard.terminate(Duration.ofSeconds(20))).isZero();
        }
        commit(key, 50);
        int other = freePort();
        try (ServiceProcess restarted = start(key, port, "0.2");
                ServiceProcess second = start(key, other, "1.3")) {
            JsonNode after = await().atMost(Duration.ofSeconds(20)).until(() -> samples(port), s -> s.size() == 51);
            assertThat(after.get(0)).isEqualTo(before.get(0));
            assertThat(after.get(49)).isEqualTo(before.get(49));
            assertThat(after.get(50).get("values").get("i").asInt()).isEqualTo(50);
            JsonNode fromSecond =
                    await().atMost(Duration.ofSeconds(20)).until(() -> samples(other), s -> s.size() == 51);
            assertThat(fromSecond).isEqualTo(after);
        }
    }

    @Test
    void outputsWrittenFasterThanThePollAllAppear() throws Exception {
        String key = "history-it:fast";
        commit(key, 0);
        int port = freePort();
        try (ServiceProcess dashboard = start(key, port, "2")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> samples(port).size() == 1);
            for (int i = 1; i <= 200; i++) {
                commit(key, i); // 200 outputs in well under one 2 s poll interval
            }
            JsonNode samples = await().atMost(Duration.ofSeconds(20)).until(() -> samples(port), s -> s.size() == 201);
            for (int i = 0; i <= 200; i++) {
                assertThat(samples.get(i).get("values").get("i").asInt()).isEqualTo(i);
            }
        }
    }
}
