package io.fnpulse.dashboard.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;

/**
 * Where {@code <O>:history} exists, the dashboard's samples are its entries, no more and no fewer, each at the
 * entry's commit time, its values read from the entry's {@code data} alone (the fields naming the input the output came
 * from are not values); long ranges come thinned to the chart's width with the peaks kept.
 */
@ExtendWith(RedisExtension.class)
class HistoryStreamTest {

    private final TestRedis redis;

    HistoryStreamTest(TestRedis redis) {
        this.redis = redis;
    }

    private static String key(TestInfo test) {
        return "history:" + test.getTestMethod().orElseThrow().getName() + ":" + System.nanoTime();
    }

    /** As the runtime commits an output: the key, and the history entry naming the input it came from. */
    private void commit(String key, long t, double x) {
        String json = "{\"x\": " + x + ", \"y\": " + (x * 2) + "}";
        HistoryEntry entry = new HistoryEntry(json, "sha256:" + t, Optional.of(t + "-7"));
        redis.client().set(key, json);
        redis.client().xadd(key + ":history", new StreamEntryID(t, 0), entry.fields());
    }

    private static List<Long> times(JsonNode samples) {
        List<Long> out = new ArrayList<>();
        samples.forEach(s -> out.add(s.get("t").asLong()));
        return out;
    }

    @Test
    void theEntriesInTheWindowAreTheSamplesAtTheirCommitTimes(TestInfo test) {
        String key = key(test);
        long now = System.currentTimeMillis();
        commit(key, now - 2 * 3_600_000L, -1); // older than the hour the dashboard keeps
        for (int i = 0; i < 2_500; i++) {
            commit(key, now - 2_500_000 + i * 1_000L, i);
        }
        try (RunningDashboard dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(200))) {
            JsonNode samples = await().atMost(Duration.ofSeconds(30))
                    .until(() -> dashboard.json("/api/history").get("samples"), s -> s.size() == 2_500);
            assertThat(samples.get(0).get("t").asLong()).isEqualTo(now - 2_500_000);
            assertThat(samples.get(2_499).get("values").get("x").asDouble()).isEqualTo(2_499.0);
            assertThat(samples.get(2_499).get("t").asLong()).isEqualTo(now - 1_000);
            assertThat(samples.get(2_499).get("values").fieldNames())
                    .toIterable()
                    .containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void outputsWrittenFasterThanThePollAllAppear(TestInfo test) {
        String key = key(test);
        commit(key, System.currentTimeMillis(), 0);
        try (RunningDashboard dashboard = RunningDashboard.start(redis, key, Duration.ofSeconds(1))) {
            dashboard.awaitSample("x", 0.0);
            long base = System.currentTimeMillis();
            for (int i = 1; i <= 40; i++) {
                commit(key, base + i, i); // 40 outputs within 40 ms, one poll sees them
            }
            JsonNode samples = await().atMost(Duration.ofSeconds(20))
                    .until(() -> dashboard.json("/api/history").get("samples"), s -> s.size() == 41);
            for (int i = 0; i <= 40; i++) {
                assertThat(samples.get(i).get("values").get("x").asDouble()).isEqualTo(i);
            }
            assertThat(times(samples).subList(1, 41))
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40)
                            .map(i -> base + i)
                            .boxed()
                            .toList());
        }
    }

    @Test
    void twoDashboardsOnOneOutputKeyShowTheSameSamples(TestInfo test) {
        String key = key(test);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 30; i++) {
            commit(key, now - 30_000 + i * 1_000L, i);
        }
        try (RunningDashboard one = RunningDashboard.start(redis, key, Duration.ofMillis(150));
                RunningDashboard two = RunningDashboard.start(redis, key, Duration.ofMillis(400))) {
            for (int i = 30; i < 40; i++) {
                String json = "{\"x\": " + i + "}";
                redis.client().set(key, json);
                redis.client().xadd(key + ":history", StreamEntryID.NEW_ENTRY, Map.of("data", json)); // as the runtime
            }
            one.awaitSample("x", 39.0);
            two.awaitSample("x", 39.0);
            assertThat(one.json("/api/history").get("samples"))
                    .isEqualTo(two.json("/api/history").get("samples"));
            assertThat(one.json("/api/history").get("samples")).hasSize(40);
        }
    }

    @Test
    void aLongRangeIsThinnedToTheWidthKeepingEachBucketsMinimumAndMaximum(TestInfo test) {
        String key = key(test);
        long now = System.currentTimeMillis();
        long from = now - 3_000_000;
        for (int i = 0; i < 3_000; i++) {
            commit(key, from + i * 1_000L, i == 1_234 ? 1_000_000 : i % 10);
        }
        try (RunningDashboard dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(200))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> dashboard.json("/api/history").get("samples").size() == 3_000);
            JsonNode thin = dashboard
                    .json("/api/history?from=" + from + "&to=" + now + "&width=100")
                    .get("samples");
            assertThat(thin.size()).isBetween(100, 202);
            double max = 0;
            double min = Double.MAX_VALUE;
            for (JsonNode sample : thin) {
                max = Math.max(max, sample.get("values").get("x").asDouble());
                min = Math.min(min, sample.get("values").get("x").asDouble());
            }
            assertThat(max).as("the spike survives").isEqualTo(1_000_000);
            assertThat(min).isEqualTo(0);
            assertThat(times(thin)).isSorted();

            JsonNode zoom = dashboard
                    .json("/api/history?from=" + (from + 100_000) + "&to=" + (from + 109_000))
                    .get("samples");
            assertThat(zoom).hasSize(10);
            assertThat(dashboard.get("/api/history?width=wide").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void anOversizedEntryIsSkippedAndCountedTheOthersCharted(TestInfo test) {
        String key = key(test);
        long now = System.currentTimeMillis();
        commit(key, now - 3_000, 1);
        redis.client()
                .xadd(
                        key + ":history",
                        new StreamEntryID(now - 2_000, 0),
                        Map.of("data", "{\"x\": \"" + "z".repeat(4_000) + "\"}"));
        commit(key, now - 1_000, 3);
        DashboardConfig base = RunningDashboard.config(redis, key, Duration.ofMillis(100));
        try (RunningDashboard dashboard = RunningDashboard.start(new DashboardConfig(
                0, base.redis(), key, base.pollInterval(), base.history(), base.statusKey(), base.trigger(), 1_024))) {
            JsonNode samples = await().atMost(Duration.ofSeconds(20))
                    .until(() -> dashboard.json("/api/history").get("samples"), s -> s.size() == 2);
            assertThat(times(samples)).containsExactly(now - 3_000, now - 1_000);
            assertThat(dashboard.metric("fnpulse_dashboard_history_skipped_total", "cause=\"too_large\""))
                    .isEqualTo(1.0);
        }
    }
}
