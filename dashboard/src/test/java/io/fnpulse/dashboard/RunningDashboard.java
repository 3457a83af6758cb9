package io.fnpulse.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.trigger.TriggerMode;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A dashboard started in this JVM against the test's Redis, with an HTTP and WebSocket client pointed at it. */
public final class RunningDashboard implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Dashboard dashboard;
    private final DashboardConfig config;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningDashboard(Dashboard dashboard, DashboardConfig config) {
        this.dashboard = dashboard;
        this.config = config;
    }

    public static DashboardConfig config(TestRedis redis, String key, Duration pollInterval) {
        return new DashboardConfig(
                0,
                RedisSettings.local(redis.host(), redis.port()),
                key,
                pollInterval,
                Duration.ofMinutes(60),
                Optional.of(key + DashboardConfig.STATUS_KEY_SUFFIX),
                TriggerMode.POLL,
                DashboardConfig.DEFAULT_MAX_VALUE_BYTES);
    }

    public static RunningDashboard start(TestRedis redis, String key, Duration pollInterval) {
        return start(config(redis, key, pollInterval));
    }

    public static RunningDashboard start(DashboardConfig config) {
        return new RunningDashboard(Dashboard.start(config), config);
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    public DashboardConfig config() {
        return config;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + dashboard.port() + path;
    }

    public HttpResponse<String> get(String path, String... headers) {
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public JsonNode json(String path) {
        try {
            return MAPPER.readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode latest() {
        return json("/api/latest");
    }

    public JsonNode state() {
        return latest().get("state");
    }

    /** Waits until the newest sample holds this value for this key, and returns that sample. */
    public JsonNode awaitSample(String key, double value) {
        return await("a sample with " + key + "=" + value)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> latest().get("sample"),
                        sample -> sample != null
                                && !sample.isNull()
                                && sample.get("values").has(key)
                                && sample.get("values").get(key).asDouble() == value);
    }

    public WsProbe connect() {
        return WsProbe.connect(URI.create("ws://127.0.0.1:" + dashboard.port() + "/ws"));
    }

    public WsProbe connect(OptionalLong since) {
        String query = since.isPresent() ? "?since=" + since.getAsLong() : "";
        return WsProbe.connect(URI.create("ws://127.0.0.1:" + dashboard.port() + "/ws" + query));
    }

    /** One value from the Prometheus text, e.g. {@code metric("fnpulse_dashboard_redis_up", "")}. */
    public double metric(String name, String labels) {
        String scrape = get("/metrics").body();
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$");
        Matcher matcher = line.matcher(scrape);
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no " + name + " with " + labels + " in /metrics:\n" + scrape);
    }

    public double polls() {
        return metric("fnpulse_dashboard_poll_seconds_count", "");
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
