package io.fnpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The one-command local run, as a user starts it: host metrics (or a replay) reach the dashboard's /api/latest
 * through the runtime and the metrics function, and Ctrl-C (SIGINT) leaves no process behind, Redis included.
 */
class StackJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("ready: http://localhost:(\\d+)");

    private final HttpClient http = HttpClient.newHttpClient();
    private int redisPort;
    private Path tmp;

    @Test
    void hostMetricsReachTheDashboardAndSigintLeavesNoProcess() throws Exception {
        try (ServiceProcess stack = start()) {
            int port = dashboardPort(stack);
            assertThat(stack.lines())
                    .anyMatch(line -> line.contains("fnpulse: redis "))
                    .anyMatch(line -> line.contains("fnpulse: monitor "))
                    .anyMatch(line -> line.contains("fnpulse: runtime "))
                    .anyMatch(line -> line.contains("fnpulse: dashboard "));

            JsonNode latest = awaitLatest(port);
            int cpus = Runtime.getRuntime().availableProcessors();
            for (int cpu = 0; cpu < cpus; cpu++) {
                assertThat(latest.toString()).contains("moving_average_cpu_percent-" + cpu);
            }
            assertThat(latest.toString()).contains("percentage_memory_caching");
            assertEverySnapshotGoesThroughTheStream();

            List<ProcessHandle> children =
                    ProcessHandle.of(stack.pid()).orElseThrow().descendants().toList();
            assertThat(children).as("the embedded redis-server runs as a child").isNotEmpty();

            assertThat(stack.interrupt(Duration.ofSeconds(30))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(stack.lines()).anyMatch(line -> line.contains("fnpulse: stopped"));
        }
    }

    @Test
    void aReplayedStreamReachesTheDashboard() throws Exception {
        try (ServiceProcess stack = start(
                "--replay", ProjectFiles.resolve("data/metrics-stream.jsonl").toString(), "--interval", "0.2")) {
            JsonNode latest = awaitLatest(dashboardPort(stack));
            assertThat(latest.toString())
                    .contains("moving_average_cpu_percent-3")
                    .contains("percentage_outgoing_bytes");
            assertEverySnapshotGoesThroughTheStream();
            assertThat(stack.interrupt(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void theAuthorsFunctionRunsInPlaceOfTheMetricsFunction(@TempDir Path dir) throws Exception {
        Path function = TestCode.write(dir.resolve("CpuMean.java"), """
                package io.example;

                import java.util.Map;

                public class CpuMean {
                    public Map<String, Object> mean(Map<String, Object> input) {
                        double sum = 0;
                        int cpus = 0;
                        for (String key : input.keySet()) {
                            if (key.startsWith("cpu_percent-")) {
                                sum += ((Number) input.get(key)).doubleValue();
                                cpus++;
                            }
                        }
                        return Map.of("cpu_mean", sum / cpus, "cpus_seen", cpus);
                    }
                }
                """);
        try (ServiceProcess stack = start(
                "--replay",
                ProjectFiles.resolve("data/metrics-stream.jsonl").toString(),
                "--interval",
                "0.2",
                "--function",
                function.toString(),
                "--handler",
                "io.example.CpuMean::mean")) {
            int port = dashboardPort(stack);
            assertThat(stack.lines())
                    .anyMatch(line -> line.contains("runtime    io.example.CpuMean::mean from " + function));
            JsonNode latest = awaitLatest(port, "cpus_seen");
            assertThat(latest.toString()).contains("\"cpus_seen\":4").contains("cpu_mean");
            assertThat(latest.toString()).doesNotContain("percentage_memory_caching");
            assertThat(stack.interrupt(Duration.ofSeconds(30))).isZero();
        }
    }

    /**
     * The monitor (or the replay) appends to metrics:stream, the runtime reads it with TRIGGER=stream: every call in
     * the calls log names its stream entry, and the embedded Redis notifies stream writes.
     */
    private void assertEverySnapshotGoesThroughTheStream() throws IOException {
        Path passwords = tmp.resolve("fnpulse-stack/redis-users");
        try (RedisClient redis = RedisClient.builder()
                .hostAndPort("127.0.0.1", redisPort)
                .clientConfig(DefaultJedisClientConfig.builder()
                        .user("fnpulse-admin")
                        .password(Files.readString(passwords.resolve("fnpulse-admin")))
                        .build())
                .build()) {
            assertThat(redis.xlen("metrics:stream")).isPositive();
            assertThat(redis.configGet("notify-keyspace-events").values())
                    .singleElement()
                    .asString()
                    .contains("t");
            assertThat(((List<?>) redis.sendCommand(Protocol.Command.ACL, "LIST"))
                            .stream().map(user -> new String((byte[]) user, StandardCharsets.UTF_8)))
                    .as("the embedded Redis runs the ACL users of the standalone overlay")
                    .anyMatch(user -> user.startsWith("user fnpulse-runtime "))
                    .anyMatch(user -> user.startsWith("user fnpulse-dashboard "))
                    .anyMatch(user -> user.startsWith("user fnpulse-monitor "));
            assertThat(Files.getPosixFilePermissions(passwords))
                    .containsOnly(
                            PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.OWNER_EXECUTE);
            List<StreamEntry> calls = redis.xrange("metrics-output:calls", "-", "+");
            assertThat(calls).isNotEmpty();
            for (StreamEntry call : calls) {
                assertThat(JSON.readTree(call.getFields().get("data"))
                                .path("streamId")
                                .asText())
                        .isNotEmpty();
            }
        }
    }

    private ServiceProcess start(String... args) throws IOException {
        redisPort = freePort();
        tmp = Files.createTempDirectory("fnpulse-stack-it");
        ServiceProcess.Builder builder = ServiceProcess.jar(ProjectFiles.jar("stack", "fnpulse-stack.jar"))
                .name("stack")
                .jvmArg("-Djava.io.tmpdir=" + tmp)
                .env("PORT", Integer.toString(freePort()))
                .env("REDIS_PORT", Integer.toString(redisPort));
        for (String arg : args) {
            builder.arg(arg);
        }
        return builder.start();
    }

    private static int dashboardPort(ServiceProcess stack) {
        Matcher ready = READY.matcher(stack.awaitLine("ready: http://localhost", WAIT));
        assertThat(ready.find()).isTrue();
        return Integer.parseInt(ready.group(1));
    }

    /** The dashboard's latest sample, once the function's first output has arrived. */
    private JsonNode awaitLatest(int port) {
        return awaitLatest(port, "percentage_memory_caching");
    }

    private JsonNode awaitLatest(int port, String key) {
        return await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            HttpResponse<String> response = http.send(
                                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/latest"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
                        },
                        latest -> latest != null && latest.toString().contains(key));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
