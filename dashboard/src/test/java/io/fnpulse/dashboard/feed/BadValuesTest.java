package io.fnpulse.dashboard.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whatever the output key holds, the dashboard keeps running, says what is wrong and keeps the last good data. */
@ExtendWith(RedisExtension.class)
class BadValuesTest {

    private static final String GOOD = "{\"percentage_memory_caching\": 26.7, \"moving_average_cpu_percent-0\": 14.9}";

    private final TestRedis redis;
    private String key;
    private RunningDashboard dashboard;

    BadValuesTest(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void start(TestInfo test) {
        key = "bad-values:" + test.getDisplayName().replaceAll("\\W+", "-") + ":" + System.nanoTime();
        dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    @Test
    void aMissingKeyIsShownAsSuchAndTheDashboardIsStillReady() {
        JsonNode state = await().atMost(Duration.ofSeconds(20))
                .until(
                        dashboard::state,
                        s -> s.path("problem").path("kind").asText().equals("MISSING_KEY"));
        assertThat(state.get("problem").get("message").asText()).contains(key).contains("does not exist");
        assertThat(state.get("redis").asText()).isEqualTo("up");
        assertThat(dashboard.latest().get("sample").isNull()).isTrue();
        assertThat(dashboard.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(dashboard.get("/").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                  | EMPTY_VALUE",
                "not json at all                     | NOT_JSON",
                "'[14.9, 17.8]'                      | NOT_AN_OBJECT",
                "'\"a string\"'                      | NOT_AN_OBJECT",
                "'{\"cpu\": \"high\", \"ok\": true}' | NO_NUMBERS",
            })
    void aBadValueIsShownTheOldDataKeptAndTheNextGoodValueCharted(String bad, String kind) {
        redis.client().set(key, GOOD);
        dashboard.awaitSample("percentage_memory_caching", 26.7);

        redis.client().set(key, bad);
        JsonNode state = await().atMost(Duration.ofSeconds(20))
                .until(
                        dashboard::state,
                        s -> s.path("problem").path("kind").asText().equals(kind));
        assertThat(state.get("problemSince").asLong()).isPositive();
        JsonNode latest = dashboard.latest();
        assertThat(latest.get("sample")
                        .get("values")
                        .get("percentage_memory_caching")
                        .asDouble())
                .isEqualTo(26.7);
        assertThat(dashboard.json("/api/history").get("samples")).hasSize(1);
        assertThat(dashboard.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(dashboard.metric("fnpulse_dashboard_output_problems_total", "cause=\"" + kind.toLowerCase() + "\""))
                .isEqualTo(1.0);

        redis.client().set(key, "{\"percentage_memory_caching\": 30.1}");
        dashboard.awaitSample("percentage_memory_caching", 30.1);
        assertThat(dashboard.state().get("problem").isNull()).isTrue();
    }

    @Test
    void nonNumericFieldsAreLeftOutAndTheNumbersCharted() {
        redis.client().set(key, "{\"load\": 0.5, \"host\": \"node-1\", \"ratio\": null, \"cpus\": [1, 2], \"n\": 3}");
        JsonNode sample = dashboard.awaitSample("load", 0.5);
        assertThat(sample.get("values").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("load", "n");
        assertThat(dashboard.state().get("problem").isNull()).isTrue();
    }

    @Test
    void theSameValueWrittenAgainIsNotANewSample() {
        redis.client().set(key, GOOD);
        dashboard.awaitSample("percentage_memory_caching", 26.7);
        double polls = dashboard.polls();
        redis.client().set(key, GOOD);
        await().atMost(Duration.ofSeconds(20)).until(() -> dashboard.polls() >= polls + 3);
        assertThat(dashboard.json("/api/history").get("samples")).hasSize(1);
    }

    @Test
    void aKeyOfAnotherTypeIsThatKeysProblemNotAFailureOfRedis() {
        redis.client().set(key, GOOD);
        dashboard.awaitSample("percentage_memory_caching", 26.7);
        redis.client().del(key);
        redis.client().hset(key, "field", "1");
        JsonNode state = await().atMost(Duration.ofSeconds(20))
                .until(
                        dashboard::state,
                        s -> s.path("problem").path("kind").asText().equals("WRONG_TYPE"));
        assertThat(state.get("problem").get("message").asText())
                .isEqualTo("key " + key + " holds a hash; expected a string");
        assertThat(state.get("redis").asText()).isEqualTo("up");
        assertThat(dashboard
                        .latest()
                        .get("sample")
                        .get("values")
                        .get("percentage_memory_caching")
                        .asDouble())
                .isEqualTo(26.7);
        assertThat(dashboard.metric("fnpulse_dashboard_output_problems_total", "cause=\"wrong_type\""))
                .isEqualTo(1.0);
    }

    @Test
    void aValueLongerThanTheLimitIsNeverReadAndTheLastSampleStays() {
        dashboard.close();
        DashboardConfig base = RunningDashboard.config(redis, key, Duration.ofMillis(100));
        dashboard = RunningDashboard.start(new DashboardConfig(
                0, base.redis(), key, base.pollInterval(), base.history(), base.statusKey(), base.trigger(), 1024));
        redis.client().set(key, GOOD);
        dashboard.awaitSample("percentage_memory_caching", 26.7);
        redis.client().set(key, "{\"x\": \"" + "y".repeat(2_000) + "\"}");
        JsonNode state = await().atMost(Duration.ofSeconds(20))
                .until(
                        dashboard::state,
                        s -> s.path("problem").path("kind").asText().equals("TOO_LARGE"));
        assertThat(state.get("problem").get("message").asText())
                .isEqualTo("key " + key + " holds 2,009 bytes, more than MAX_VALUE_BYTES (1 KiB); it was not read");
        assertThat(dashboard.json("/api/history").get("samples")).hasSize(1);
        assertThat(dashboard.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(dashboard.metric("fnpulse_dashboard_output_problems_total", "cause=\"too_large\""))
                .isEqualTo(1.0);
    }

    @Test
    void aStatusKeyOfAnotherTypeOrTooLongIsShownAndTheLastStatusKept() {
        String statusKey = key + ":status";
        redis.client().set(statusKey, "{\"ok\": true, \"codeVersion\": \"v1\"}");
        await().atMost(Duration.ofSeconds(20))
                .until(
                        dashboard::state,
                        s -> s.path("status").path("codeVersion").asText().equals("v1"));
        redis.client().del(statusKey);
        redis.client().rpush(statusKey, "a");
        JsonNode state = await().atMost(Duration.ofSeconds(20))
                .until(
                        dashboard::state,
                        s -> s.path("statusProblem").path("kind").asText().equals("WRONG_TYPE"));
        assertThat(state.get("statusProblem").get("message").asText())
                .contains(statusKey)
                .contains("holds a list");
        assertThat(state.get("status").get("codeVersion").asText()).isEqualTo("v1");
        assertThat(dashboard.metric("fnpulse_dashboard_status_problems_total", "cause=\"wrong_type\""))
                .isEqualTo(1.0);
    }
}
