package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.resps.StreamEntry;

/** The real monitor jar, started as a user starts it, against a real Redis. */
@ExtendWith(RedisExtension.class)
class MonitorJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSSSSS]");
    private static final Pattern HTTP_PORT = Pattern.compile("on http port (\\d+)");

    static ServiceProcess startMonitor(TestRedis redis, String key) {
        return startMonitor(redis, key, Map.of());
    }

    static ServiceProcess startMonitor(TestRedis redis, String key, Map<String, String> more) {
        return ServiceProcess.jar(ProjectFiles.jar("monitor", "fnpulse-monitor.jar"))
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_METRICS_KEY", key)
                .env("INTERVAL_SECONDS", "0.3")
                .env("HTTP_PORT", "0")
                .env(more)
                .start();
    }

    static int httpPort(ServiceProcess monitor) {
        Matcher port = HTTP_PORT.matcher(monitor.awaitLine(HTTP_PORT.pattern(), Duration.ofSeconds(60)));
        assertThat(port.find()).isTrue();
        return Integer.parseInt(port.group(1));
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /**
     * SIGTERM, as Kubernetes sends it, then the exit code. Sent through the process handle rather than
     * {@link ServiceProcess#terminate}, whose Process.destroy() also closes our end of the child's output, so
     * whatever the monitor logs while stopping would be lost.
     */
    static int sigterm(ServiceProcess monitor) {
        ProcessHandle.of(monitor.pid()).ifPresent(ProcessHandle::destroy);
        return monitor.awaitExit(Duration.ofSeconds(20));
    }

    @Test
    void publishesSnapshotsAtTheIntervalServesHealthAndStopsCleanlyOnSigterm(TestRedis redis) throws Exception {
        try (ServiceProcess monitor = startMonitor(redis, "it-metrics")) {
            int port = httpPort(monitor);
            List<JsonNode> snapshots = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        String value = redis.client().get("it-metrics");
                        if (value != null) {
                            JsonNode snapshot = JSON.readTree(value);
                            if (snapshots.isEmpty()
                                    || !snapshots.get(snapshots.size() - 1).equals(snapshot)) {
                                snapshots.add(snapshot);
                            }
                        }
                        return snapshots.size() >= 2;
                    });

            for (JsonNode snapshot : snapshots) {
                snapshot.fieldNames().forEachRemaining(key -> {
                    if (key.startsWith("cpu_percent-")) {
                        assertThat(snapshot.get(key).isFloatingPointNumber())
                                .as(key)
                                .isTrue();
                        assertThat(snapshot.get(key).asDouble()).as(key).isBetween(0.0, 100.0);
                    }
                });
                assertThat(snapshot.has("cpu_percent-0")).isTrue();
            }
            LocalDateTime first =
                    LocalDateTime.parse(snapshots.get(0).get("timestamp").asText(), PYTHON);
            LocalDateTime second =
                    LocalDateTime.parse(snapshots.get(1).get("timestamp").asText(), PYTHON);
            assertThat(second).isAfter(first);

            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            String metrics = get(port, "/metrics").body();
            assertThat(metrics)
                    .contains(
                            "fnpulse_monitor_snapshots_published_total",
                            "fnpulse_monitor_redis_errors_total",
                            "fnpulse_monitor_last_publish_seconds");

            assertThat(sigterm(monitor)).isZero();
            assertThat(monitor.output()).contains("stopping on SIGTERM", "monitor stopped");
        }
    }

    @Test
    void publishesToTheNodesKeyAndAppendsEachSnapshotToTheNodesStream(TestRedis redis) throws Exception {
        try (ServiceProcess monitor = startMonitor(
                redis,
                "fleet:{node}",
                Map.of(
                        "NODE_NAME",
                        "node-7",
                        "REDIS_METRICS_STREAM",
                        "fleet:{node}:stream",
                        "METRICS_STREAM_LENGTH",
                        "100",
                        "INTERVAL_SECONDS",
                        "0.1"))) {
            httpPort(monitor);
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.client().xlen("fleet:node-7:stream") >= 5);

            List<StreamEntry> entries = redis.client().xrange("fleet:node-7:stream", "-", "+");
            for (StreamEntry entry : entries) {
                assertThat(entry.getFields().keySet()).containsExactly("data");
                assertThat(JSON.readTree(entry.getFields().get("data")).has("cpu_percent-0"))
                        .isTrue();
            }
            assertThat(JSON.readTree(redis.client().get("fleet:node-7")).has("virtual_memory-total"))
                    .isTrue();
            assertThat(monitor.output()).contains("key 'fleet:node-7' and stream 'fleet:node-7:stream' (MAXLEN ~ 100)");
            assertThat(sigterm(monitor)).isZero();
        }
    }

    @Test
    void aRefusedLoginIsReportedAsSuchAndPublishingStartsOnceTheLoginWorks(TestRedis redis) throws Exception {
        redis.client().configSet("requirepass", "right");
        try (ServiceProcess monitor = startMonitor(redis, "refused-metrics", Map.of("REDIS_PASSWORD", "wrong"))) {
            int port = httpPort(monitor);
            monitor.awaitLine("refused the login", Duration.ofSeconds(30));
            HttpResponse<String> ready = get(port, "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("refused the login", "WRONGPASS");
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/metrics").body())
                    .containsPattern("fnpulse_monitor_redis_errors_total\\{problem=\"login_refused\"[^}]*\\} [1-9]");
            assertThat(monitor.output()).doesNotContain("unreachable");

            redis.client().configSet("requirepass", "");
            // with no password set, Redis takes any: the monitor's retries get through
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.client().get("refused-metrics") != null);
            monitor.awaitLine("reachable again", Duration.ofSeconds(10));
            assertThat(sigterm(monitor)).isZero();
        } finally {
            redis.client().configSet("requirepass", "");
        }
    }
}
