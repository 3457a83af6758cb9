package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /api/latest, /api/history, /metrics, the health endpoints and the page with its security headers. */
@ExtendWith(RedisExtension.class)
class HttpApiTest {

    private static final String KEY = "http-api";
    private static RunningDashboard dashboard;
    private static TestRedis redis;

    @BeforeAll
    static void start(TestRedis testRedis) {
        redis = testRedis;
        dashboard = RunningDashboard.start(redis, KEY, Duration.ofMillis(100));
        for (int i = 1; i <= 4; i++) {
            redis.client()
                    .set(
                            KEY,
                            "{\"percentage_memory_caching\": " + i + ", \"moving_average_cpu_percent-0\": " + (10 + i)
                                    + ", \"moving_average_cpu_percent-1\": " + (20 + i) + "}");
            dashboard.awaitSample("percentage_memory_caching", i);
        }
        redis.client()
                .set(
                        KEY + ":status",
                        "{\"ok\": false, \"lastExecution\": \"2026-11-28T02:00:05.123Z\","
                                + " \"durationMs\": 1.7, \"codeVersion\": \"a1b2c3d4e5f6\", \"error\": {\"type\":"
                                + " \"java.lang.IllegalArgumentException\", \"message\": \"missing key eth0\","
                                + " \"stackTrace\": \"at x\"}}");
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    @Test
    void latestHoldsTheNewestSampleAndTheState() {
        JsonNode latest = dashboard.latest();
        assertThat(latest.get("serverTime").asLong()).isPositive();
        assertThat(latest.get("sample")
                        .get("values")
                        .get("moving_average_cpu_percent-1")
                        .asDouble())
                .isEqualTo(24);
        assertThat(latest.get("state").get("redis").asText()).isEqualTo("up");
    }

    @Test
    void historyServesEverythingOrOnlyWhatCameAfterSince() {
        JsonNode all = dashboard.json("/api/history");
        assertThat(all.get("type").asText()).isEqualTo("history");
        assertThat(all.get("outputKey").asText()).isEqualTo(KEY);
        assertThat(all.get("historyMinutes").asInt()).isEqualTo(60);
        List<Long> times = StreamSupport.stream(all.get("samples").spliterator(), false)
                .map(s -> s.get("t").asLong())
                .toList();
        assertThat(times).hasSize(4).isSorted();

        JsonNode since = dashboard.json("/api/history?since=" + times.get(1));
        assertThat(since.get("samples"))
                .extracting(s -> s.get("t").asLong())
                .containsExactly(times.get(2), times.get(3));
        assertThat(dashboard.json("/api/history?since=" + times.get(3)).get("samples"))
                .isEmpty();
    }

    @Test
    void historyRefusesASinceThatIsNotATime() {
        HttpResponse<String> response = dashboard.get("/api/history?since=yesterday");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("epoch milliseconds");
    }

    @Test
    void theRuntimesStatusReachesThePage() {
        JsonNode state = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(dashboard::state, s -> !s.get("status").isNull());
        assertThat(state.get("status").get("ok").asBoolean()).isFalse();
        assertThat(state.get("status").get("lastExecution").asText()).isEqualTo("2026-11-28T02:00:05.123Z");
        assertThat(state.get("status").get("error").get("message").asText()).isEqualTo("missing key eth0");
        assertThat(state.get("lastFailure").get("type").asText()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void metricsHoldTheTaggedOutputGaugesAndTheDashboardsOwnMeters() {
        assertThat(dashboard.metric("fnpulse_output_moving_average_cpu_percent", "index=\"0\""))
                .isEqualTo(14);
        assertThat(dashboard.metric("fnpulse_output_moving_average_cpu_percent", "index=\"1\""))
                .isEqualTo(24);
        assertThat(dashboard.metric("fnpulse_output_percentage_memory_caching", "service=\"dashboard\""))
                .isEqualTo(4);
        assertThat(dashboard.polls()).isGreaterThanOrEqualTo(4);
        assertThat(dashboard.metric("fnpulse_dashboard_redis_up", "")).isEqualTo(1);
        assertThat(dashboard.metric("fnpulse_dashboard_sample_age_seconds", "")).isGreaterThanOrEqualTo(0);
        assertThat(dashboard.metric("fnpulse_dashboard_ws_clients", "")).isZero();
        assertThat(dashboard.metric("fnpulse_dashboard_samples_total", "")).isEqualTo(4);
        assertThat(dashboard.get("/metrics").body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void healthIsAlwaysOkAndReadinessFollowsRedis() {
        assertThat(dashboard.get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = dashboard.get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("Redis reachable");
    }

    @Test
    void everyResponseCarriesAContentSecurityPolicy() {
        List<String> paths =
                List.of("/", "/app.js", "/style.css", "/api/latest", "/webjars/uplot/1.6.30/dist/uPlot.esm.js");
        for (String path : paths) {
            HttpResponse<String> response = dashboard.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'self'", "script-src 'self'", "connect-src 'self' ws: wss:")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    @Test
    void everyFileOfThePageIsServedAndLoadsNothingFromAnotherOrigin() throws IOException {
        List<String> assets;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/public"))) {
            assets = Stream.concat(Stream.of("/"), files.map(file -> "/" + file.getFileName()))
                    .sorted()
                    .toList();
        }
        assertThat(assets).contains("/app.js", "/fleet.js", "/store.js", "/thin.js", "/format.js", "/page.js");
        java.util.regex.Pattern reference =
                java.util.regex.Pattern.compile("(?:src|href)=\"([^\"]+)\"|from '([^']+)'|url\\(\"?([^\")]+)");
        URI origin = URI.create(dashboard.url("/"));
        for (String asset : assets) {
            HttpResponse<String> response = dashboard.get(asset);
            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            if (asset.endsWith(".svg")) {
                continue;
            }
            String body = response.body();
            assertThat(body).as(asset).doesNotContainPattern("https?://");
            java.util.regex.Matcher matcher = reference.matcher(body);
            while (matcher.find()) {
                String target = matcher.group(1) != null
                        ? matcher.group(1)
                        : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                URI resolved = origin.resolve(asset).resolve(target);
                assertThat(resolved.getAuthority())
                        .as("%s references %s", asset, target)
                        .isEqualTo(origin.getAuthority());
                assertThat(dashboard.get(resolved.getRawPath()).statusCode())
                        .as("%s, referenced by %s", target, asset)
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void assetsAreRevalidatedByETag() {
        HttpResponse<String> first = dashboard.get("/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(dashboard.get("/app.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(dashboard.get("/style.css", "If-None-Match", etag).statusCode())
                .isEqualTo(200);
        assertThat(dashboard.get("/no-such-file.js").statusCode()).isEqualTo(404);
    }
}
