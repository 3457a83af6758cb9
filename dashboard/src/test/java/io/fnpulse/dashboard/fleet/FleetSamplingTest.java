package io.fnpulse.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.Dashboard;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RedisOutage;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;

/** The fleet loop in this JVM against a real Redis: a bad key is that host's problem only, an outage is survived. */
@ExtendWith(RedisExtension.class)
class FleetSamplingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestRedis redis;
    private final RedisOutage outage;
    private final HttpClient http = HttpClient.newHttpClient();
    private Dashboard dashboard;

    FleetSamplingTest(TestRedis redis) {
        this.redis = redis;
        this.outage = new RedisOutage(redis);
    }

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        outage.close();
    }

    private void start(String pattern, long maxValueBytes) {
        DashboardConfig config = RunningDashboard.config(redis, pattern, Duration.ofMillis(100));
        dashboard = Dashboard.start(
                config,
                Optional.of(FleetConfig.of(config, HostPattern.of(pattern).orElseThrow(), 100, maxValueBytes)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode host(String name) throws Exception {
        for (JsonNode host : MAPPER.readTree(get("/api/hosts").body()).get("hosts")) {
            if (host.get("host").asText().equals(name)) {
                return host;
            }
        }
        return null;
    }

    @Test
    void aValueTooLongOrNotJsonIsThatHostsProblemAndTheOthersAreSampled() throws Exception {
        redis.client().set("bad:fine", "{\"cpu_percent-0\": 10, \"cpu_percent-1\": 30, \"memory\": 5}");
        redis.client().set("bad:huge", "{\"x\": \"" + "y".repeat(4_096) + "\"}");
        redis.client().set("bad:junk", "not json");
        start("bad:*", 1_024);

        JsonNode fine = await("the good host's sample")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> host("fine"), h -> h != null && !h.get("t").isNull());
        assertThat(fine.get("current").get("cpu_percent").asDouble())
                .as("the mean of its series")
                .isEqualTo(20.0);
        assertThat(fine.get("current").get("memory").asDouble()).isEqualTo(5.0);
        JsonNode huge = await().atMost(Duration.ofSeconds(10))
                .until(() -> host("huge"), h -> h != null && h.hasNonNull("problem"));
        assertThat(huge.get("problem").asText())
                .contains("more than MAX_VALUE_BYTES")
                .contains("not read");
        assertThat(huge.get("t").isNull()).isTrue();
        assertThat(host("junk").get("problem").asText()).contains("does not hold JSON");

        redis.client().set("bad:junk", "{\"cpu_percent-0\": 99, \"memory\": 1}");
        await("the fixed host sampled")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> host("junk"),
                        h -> !h.get("t").isNull() && h.get("problem").isNull());
        JsonNode overview = MAPPER.readTree(get("/api/fleet?minutes=1").body());
        JsonNode cpu = overview.get("metrics").get(0);
        assertThat(cpu.get("metric").asText()).isEqualTo("cpu_percent");
        assertThat(cpu.get("lines").findValuesAsText("host"))
                .as("worst first, no value last")
                .containsExactly("junk", "fine", "huge");
        JsonNode fineLine = cpu.get("lines").get(1);
        JsonNode values = fineLine.get("values");
        assertThat(fineLine.get("start").asInt() + values.size())
                .as("the line ends at the last x")
                .isEqualTo(overview.get("x").size());
        assertThat(values.get(values.size() - 1).asDouble()).isEqualTo(20.0);
        assertThat(values.get(0).isNull()).as("no leading run of nulls").isFalse();
        assertThat(get("/api/fleet?minutes=soon").statusCode()).isEqualTo(400);
        assertThat(get("/api/fleet/host").statusCode()).isEqualTo(400);
    }

    @Test
    void aRedisOutageIsSurvivedAndTheHostsComeBack() throws Exception {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        redis.client().set("out:a", "{\"v\": 1}");
        start("out:*", 1_024);
        await().atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> !host("a").get("t").isNull());

        outage.begin();
        await("the outage seen")
                .atMost(Duration.ofSeconds(20))
                .until(() -> MAPPER.readTree(get("/api/hosts").body()).hasNonNull("redisProblem"));
        assertThat(host("a"))
                .as("the host and its samples stay while Redis is away")
                .isNotNull();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        outage.end();

        redis.client().set("out:a", "{\"v\": 2}");
        redis.client().set("out:b", "{\"v\": 3}");
        await("sampled again after the outage")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> {
                    JsonNode samples = MAPPER.readTree(
                                    get("/api/fleet/host?host=a").body())
                            .get("samples");
                    return host("b") != null
                            && samples.get(samples.size() - 1)
                                            .get("values")
                                            .get("v")
                                            .asInt()
                                    == 2;
                });
        assertThat(MAPPER.readTree(get("/api/hosts").body()).get("redisProblem").isNull())
                .isTrue();
        HttpResponse<String> health = get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("fleet");
        assertThat(get("/metrics").body())
                .contains(
                        "fnpulse_dashboard_fleet_hosts{service=\"dashboard\"} 2.0",
                        "fnpulse_dashboard_fleet_capped{service=\"dashboard\"} 0.0",
                        "fnpulse_loop_heartbeat_age_seconds{loop=\"fleet\"");
    }

    @Test
    void aHostWithAHistoryStreamHasEveryEntryAsASampleAtItsCommitTime() throws Exception {
        long now = System.currentTimeMillis();
        redis.client().set("streamed:a", "{\"v\": 3}");
        for (int i = 1; i <= 3; i++) {
            redis.client()
                    .xadd(
                            "streamed:a:history",
                            new StreamEntryID(now - 4_000 + i * 1_000L, 0),
                            Map.of("data", "{\"v\": " + i + "}"));
        }
        redis.client().set("streamed:b", "{\"v\": 7}");
        start("streamed:*", 1_024);

        JsonNode samples = await("the stream's three entries")
                .atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(
                        () -> MAPPER.readTree(get("/api/fleet/host?host=a").body())
                                .get("samples"),
                        s -> s.size() == 3);
        for (int i = 0; i < 3; i++) {
            assertThat(samples.get(i).get("t").asLong()).isEqualTo(now - 3_000 + i * 1_000L);
            assertThat(samples.get(i).get("values").get("v").asInt()).isEqualTo(i + 1);
        }
        redis.client().xadd("streamed:a:history", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"v\": 4}"));
        redis.client().xadd("streamed:a:history", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"v\": 5}"));
        await("both new entries, however close together")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> MAPPER.readTree(get("/api/fleet/host?host=a").body())
                                .get("samples")
                                .findValuesAsText("v"),
                        v -> v.equals(List.of("1.0", "2.0", "3.0", "4.0", "5.0")));
        assertThat(await().atMost(Duration.ofSeconds(10))
                        .until(() -> host("b"), h -> h != null && !h.get("t").isNull())
                        .get("current")
                        .get("v")
                        .asInt())
                .as("a host without a stream is read from its key")
                .isEqualTo(7);
    }
}
