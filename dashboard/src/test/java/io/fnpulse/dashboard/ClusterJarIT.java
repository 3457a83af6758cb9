package io.fnpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.ClusterOfThree;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.StreamEntryID;

/**
 * The dashboard jar on a three-master Redis Cluster: it reads the output, the status key and the history stream
 * under their cluster names ({@code {O}:status}, {@code {O}:history}), and TRIGGER=notify falls back to polling
 * with one log line saying so.
 */
class ClusterJarIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void chartsTheHistoryStreamAndTheStatusOnACluster() throws Exception {
        String key = "cluster-dashboard";
        FunctionKeys keys = FunctionKeys.of(key, true);
        int port = DashboardJar.freePort();
        try (ClusterOfThree cluster = new ClusterOfThree();
                RedisClusterClient client = RedisClusterClient.builder()
                        .nodes(cluster.hostsAndPorts())
                        .build()) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < 10; i++) {
                String output = "{\"load\": " + i + "}";
                client.set(key, output);
                client.xadd(keys.history(), new StreamEntryID(now - 10_000 + i * 1_000L, 0), Map.of("data", output));
            }
            client.set(keys.status(), "{\"ok\": true, \"codeVersion\": \"c1\"}");
            try (ServiceProcess dashboard = ServiceProcess.jar(ProjectFiles.jar("dashboard", "fnpulse-dashboard.jar"))
                    .name("dashboard-cluster")
                    .env("REDIS_CLUSTER", "true")
                    .env("REDIS_NODES", cluster.nodes())
                    .env("REDIS_OUTPUT_KEY", key)
                    .env("PORT", Integer.toString(port))
                    .env("POLL_INTERVAL_SECONDS", "0.2")
                    .env("TRIGGER", "notify")
                    .start()) {
                dashboard.awaitLine("dashboard listening on http://localhost:" + port, Duration.ofSeconds(60));
                assertThat(dashboard.lines())
                        .filteredOn(line -> line.contains("TRIGGER=notify"))
                        .singleElement()
                        .asString()
                        .contains("Redis Cluster")
                        .contains("polling");
                HttpClient http = HttpClient.newHttpClient();
                JsonNode samples = await().atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(
                                () -> MAPPER.readTree(http.send(
                                                        HttpRequest.newBuilder(URI.create(
                                                                        "http://127.0.0.1:" + port + "/api/history"))
                                                                .build(),
                                                        HttpResponse.BodyHandlers.ofString())
                                                .body())
                                        .get("samples"),
                                s -> s.size() == 10);
                assertThat(samples.get(0).get("t").asLong()).isEqualTo(now - 10_000);
                JsonNode state = MAPPER.readTree(http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/latest"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .get("state");
                assertThat(state.get("redis").asText()).isEqualTo("up");
                assertThat(state.get("status").get("codeVersion").asText()).isEqualTo("c1");
                assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(200);
            }
        }
    }
}
