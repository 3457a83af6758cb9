package io.fnpulse.stack.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.dashboard.Dashboard;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.fleet.FleetConfig;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.monitor.MonitorService;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.RuntimeService;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisUsers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.AclTestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service does all of its normal work logged in as its ACL user of the shipped file, on a real redis-server that
 * loaded it: the standalone overlay's shape (the monitor to the key and the stream, the runtime on the stream, the
 * dashboard woken by notifications), the runtime on a key woken by notifications, and a fleet (monitors per node,
 * the runtime on the key pattern woken by its notifications, the dashboard on every host). Done means: outputs, status, calls
 * log and history written, the dashboard showing them, every service ready, and not one command refused (each
 * service counts a refused command in its /metrics).
 */
class ServicesAsRedisUsersIT {

    private static final ShippedRedisUsers USERS = new ShippedRedisUsers();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FUNCTION = "function/src/main/java/io/fnpulse/function/MetricsFunction.java";
    private static final String HANDLER = "io.fnpulse.function.MetricsFunction::handle";

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void theStandaloneShapeRunsWithNothingRefused(AclTestRedis.Server server) throws Exception {
        try (AclTestRedis redis = start(server);
                MonitorService monitor = monitor(redis, "metrics", "metrics:stream");
                RuntimeService runtime =
                        runtime(redis, Map.of("TRIGGER", "stream", "REDIS_INPUT_STREAM", "metrics:stream"), false);
                Dashboard dashboard = dashboard(redis, "metrics-output")) {
            awaitOutput(redis, "metrics-output");
            await().atMost(WAIT)
                    .until(() -> get(dashboard.port(), "/api/latest").contains("percentage_memory_caching"));
            assertThat(redis.client().xlen("metrics-output:history")).isPositive();
            assertThat(redis.client().xlen("metrics-output:calls")).isPositive();
            assertThat(redis.client().get("metrics-output:status")).contains("\"ok\":true");
            await().atMost(WAIT)
                    .until(() -> dashboard.notifications().orElseThrow().subscribed());

            assertReadyWithNothingRefused(monitor.httpPort(), runtime.httpPort(), dashboard.port());
        }
    }

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void theRuntimeWokenByNotificationsOfItsInputKeyRunsWithNothingRefused(AclTestRedis.Server server)
            throws Exception {
        try (AclTestRedis redis = start(server);
                MonitorService monitor = monitor(redis, "metrics", null);
                RuntimeService runtime =
                        runtime(redis, Map.of("TRIGGER", "notify", "POLL_INTERVAL_SECONDS", "30"), true)) {
            awaitOutput(redis, "metrics-output");
            assertReadyWithNothingRefused(monitor.httpPort(), runtime.httpPort());
        }
    }

    @ParameterizedTest
    @EnumSource(AclTestRedis.Server.class)
    void theFleetShapeRunsWithNothingRefused(AclTestRedis.Server server) throws Exception {
        try (AclTestRedis redis = start(server);
                MonitorService nodeA = monitor(redis, "metrics:{node}", null, "node-a");
                MonitorService nodeB = monitor(redis, "metrics:{node}", null, "node-b");
                RuntimeService runtime =
                        runtime(redis, Map.of("REDIS_INPUT_KEY", "metrics:*", "TRIGGER", "notify"), false);
                Dashboard dashboard = dashboard(redis, "metrics-output:*")) {
            awaitOutput(redis, "metrics-output:node-a");
            awaitOutput(redis, "metrics-output:node-b");
            assertThat(redis.client().exists("fnpulse:fleet:{metrics-output}:members"))
                    .isTrue();
            await().atMost(WAIT).until(() -> {
                String hosts = get(dashboard.port(), "/api/hosts");
                return hosts.contains("node-a") && hosts.contains("node-b");
            });
            assertReadyWithNothingRefused(nodeA.httpPort(), nodeB.httpPort(), runtime.httpPort(), dashboard.port());
        }
    }

    private static AclTestRedis start(AclTestRedis.Server server) {
        assumeTrue(server.binary().isPresent(), server.missing());
        return USERS.start(server);
    }

    private MonitorService monitor(AclTestRedis redis, String key, String stream) throws IOException {
        return monitor(redis, key, stream, "host-1");
    }

    /** The monitor with its password in a file, as the manifests mount it: REDIS_PASSWORD_FILE. */
    private MonitorService monitor(AclTestRedis redis, String key, String stream, String node) throws IOException {
        Path password = Files.writeString(work.resolve("monitor-" + node), USERS.password(RedisUsers.MONITOR) + "\n");
        Map<String, String> env = new HashMap<>(USERS.env(redis, RedisUsers.MONITOR));
        env.remove("REDIS_PASSWORD");
        env.put("REDIS_PASSWORD_FILE", password.toString());
        env.put(MonitorConfig.METRICS_KEY, key);
        if (stream != null) {
            env.put(MonitorConfig.METRICS_STREAM, stream);
        }
        env.put(MonitorConfig.NODE_NAME, node);
        env.put(MonitorConfig.INTERVAL, "0.3");
        env.put(MonitorConfig.HTTP_PORT, "0");
        return MonitorService.start(MonitorConfig.fromEnv(new Env(env)));
    }

    private RuntimeService runtime(AclTestRedis redis, Map<String, String> settings, boolean singleKey) {
        Map<String, String> env = new HashMap<>(USERS.env(redis, RedisUsers.RUNTIME));
        env.put("REDIS_OUTPUT_KEY", "metrics-output");
        env.put("FUNCTION_PATH", ProjectFiles.resolve(FUNCTION).toString());
        env.put("FUNCTION_HANDLER", HANDLER);
        env.put("CODE_CACHE_DIR", work.resolve("code-cache").toString());
        env.put("POLL_INTERVAL_SECONDS", "0.5");
        env.put("HTTP_PORT", "0");
        if (singleKey) {
            env.put("REDIS_INPUT_KEY", "metrics");
        }
        env.putAll(settings);
        return RuntimeService.start(RuntimeConfig.fromEnv(new Env(env)));
    }

    private static Dashboard dashboard(AclTestRedis redis, String outputKey) {
        Map<String, String> env = new HashMap<>(USERS.env(redis, RedisUsers.DASHBOARD));
        env.put("REDIS_OUTPUT_KEY", outputKey);
        env.put("TRIGGER", "notify");
        env.put("POLL_INTERVAL_SECONDS", "0.5");
        DashboardConfig config = DashboardConfig.fromEnv(new Env(env)).withPort(0);
        return Dashboard.start(config, FleetConfig.fromEnv(new Env(env), config));
    }

    private static void awaitOutput(AclTestRedis redis, String key) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> String.valueOf(redis.client().get(key)).contains("percentage_memory_caching"));
    }

    /** /readyz answers 200 and /metrics counts no Redis error of any kind, a refused command or login included. */
    private void assertReadyWithNothingRefused(int... ports) throws Exception {
        for (int port : ports) {
            await().atMost(WAIT).until(() -> status(port, "/readyz") == 200);
            List<String> errors = get(port, "/metrics")
                    .lines()
                    .filter(line -> !line.startsWith("#"))
                    .filter(line -> line.contains("redis_errors_total") || line.contains("redis_unreachable_total"))
                    .filter(line -> !line.endsWith(" 0.0"))
                    .toList();
            assertThat(errors)
                    .as("Redis errors counted by the service on port %d", port)
                    .isEmpty();
        }
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        return http.send(request(port, path), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private int status(int port, String path) throws IOException, InterruptedException {
        return http.send(request(port, path), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
    }
}
