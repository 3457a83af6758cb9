package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.dashboard.Dashboard;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.monitor.MonitorService;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.RuntimeService;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three services' live /metrics, as the monitoring overlay's Prometheus scrapes them: promtool check metrics has
 * nothing to say about fnpulse's own metrics (help text, names, units), and every metric the alerts and the Grafana
 * dashboard name is one a service exports.
 */
@ExtendWith(RedisExtension.class)
class LiveMetricsIT {

    /** Counted only once something failed, so absent from a healthy scrape. */
    private static final Set<String> ONLY_AFTER_A_FAILURE =
            Set.of("fnpulse_redis_errors_total", "fnpulse_monitor_redis_errors_total");

    private static final Pattern METRIC = Pattern.compile("\\bfnpulse_[a-z_]+");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void promtoolFindsNothingToSayAboutFnpulsesMetricsAndTheAlertsNameOnlyExportedOnes(TestRedis redis)
            throws Exception {
        Promtool.assumeInstalled();
        Map<String, String> base = Map.of("REDIS_HOST", redis.host(), "REDIS_PORT", Integer.toString(redis.port()));
        Map<String, String> monitorEnv = new HashMap<>(base);
        monitorEnv.putAll(Map.of(
                "REDIS_METRICS_KEY",
                "metrics",
                "REDIS_METRICS_STREAM",
                "metrics:stream",
                "INTERVAL_SECONDS",
                "0.3",
                "HTTP_PORT",
                "0"));
        Map<String, String> runtimeEnv = new HashMap<>(base);
        runtimeEnv.putAll(Map.of(
                "REDIS_OUTPUT_KEY", "metrics-output",
                "TRIGGER", "stream",
                "REDIS_INPUT_STREAM", "metrics:stream",
                "FUNCTION_PATH",
                        ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java")
                                .toString(),
                "CODE_CACHE_DIR", work.resolve("code").toString(),
                "POLL_INTERVAL_SECONDS", "0.5",
                "HTTP_PORT", "0"));
        Map<String, String> dashboardEnv = new HashMap<>(base);
        dashboardEnv.putAll(Map.of("REDIS_OUTPUT_KEY", "metrics-output", "POLL_INTERVAL_SECONDS", "0.5"));
        try (MonitorService monitor = MonitorService.start(MonitorConfig.fromEnv(new Env(monitorEnv)));
                RuntimeService runtime = RuntimeService.start(RuntimeConfig.fromEnv(new Env(runtimeEnv)));
                Dashboard dashboard = Dashboard.start(
                        DashboardConfig.fromEnv(new Env(dashboardEnv)).withPort(0))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            String.valueOf(redis.client().get("metrics-output")).contains("percentage"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> scrape(dashboard.port()).contains("fnpulse_output_"));
            Map<String, String> scrapes = new LinkedHashMap<>();
            scrapes.put("monitor", scrape(monitor.httpPort()));
            scrapes.put("runtime", scrape(runtime.httpPort()));
            scrapes.put("dashboard", scrape(dashboard.port()));

            Set<String> exported = new TreeSet<>();
            for (Map.Entry<String, String> scrape : scrapes.entrySet()) {
                Promtool.Result check = Promtool.run(work, scrape.getValue(), "check", "metrics");
                List<String> aboutUs = check.output()
                        .lines()
                        .filter(line -> line.contains("fnpulse_"))
                        .toList();
                assertThat(aboutUs)
                        .as("promtool check metrics on the %s's /metrics", scrape.getKey())
                        .isEmpty();
                scrape.getValue()
                        .lines()
                        .filter(line -> !line.startsWith("#"))
                        .map(METRIC::matcher)
                        .filter(Matcher::find)
                        .forEach(found -> exported.add(found.group()));
            }
            for (String expr : MonitoringOverlayTest.exprs()) {
                Matcher named = METRIC.matcher(expr);
                while (named.find()) {
                    String metric = named.group();
                    if (!ONLY_AFTER_A_FAILURE.contains(metric)) {
                        assertThat(exported)
                                .as("exported, as %s names it", expr)
                                .contains(metric);
                    }
                }
            }
        }
    }

    private String scrape(int port) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
