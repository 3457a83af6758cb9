package io.fnpulse.dashboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.dashboard.WsProbe;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The calls log reaches the page as calls frames, and version changes and failures as markers (issues 12, 13). */
@ExtendWith(RedisExtension.class)
class CallsAndMarkersTest {

    private final TestRedis redis;

    CallsAndMarkersTest(TestRedis redis) {
        this.redis = redis;
    }

    private static String key(TestInfo test) {
        return "calls:" + test.getTestMethod().orElseThrow().getName() + ":" + System.nanoTime();
    }

    private static List<String> ids(JsonNode calls) {
        List<String> out = new ArrayList<>();
        calls.forEach(call -> out.add(call.get("id").asText()));
        return out;
    }

    @Test
    void aJoiningPageGetsTheNewestHundredNewestFirstThenEachNewCall(TestInfo test) {
        String key = key(test);
        CallsLog log = new CallsLog(redis, key);
        Instant start = Instant.now().minusSeconds(600);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            written.add(log.success(start.plusSeconds(i), "v1", i));
        }
        redis.client().set(key, "{\"x\": 1}");
        try (RunningDashboard dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(100))) {
            dashboard.awaitSample("x", 1.0);
            try (WsProbe page = dashboard.connect()) {
                JsonNode first = page.awaitFrame(
                        "the calls on connect", f -> f.get("type").asText().equals("calls"));
                List<String> newest = new ArrayList<>(written.subList(50, 150));
                java.util.Collections.reverse(newest);
                assertThat(ids(first.get("calls"))).containsExactlyElementsOf(newest);

                String failed = log.failure(Instant.now(), "v2", "java.lang.IllegalStateException", "no cpu", "hi");
                JsonNode next = page.awaitFrame(
                        "the new call",
                        f -> f.get("type").asText().equals("calls")
                                && f.get("calls").get(0).get("id").asText().equals(failed));
                JsonNode call = next.get("calls").get(0);
                assertThat(next.get("calls")).hasSize(1);
                assertThat(call.get("outcome").asText()).isEqualTo("function_error");
                assertThat(call.get("error").get("message").asText()).isEqualTo("no cpu");
                assertThat(call.get("stdout").asText()).isEqualTo("hi");

                JsonNode markers = page.awaitFrame(
                        "markers for the new version and the failure",
                        f -> f.get("type").asText().equals("markers")
                                && f.get("markers").size() == 2);
                assertThat(markers.get("markers"))
                        .extracting(m -> m.get("kind").asText())
                        .containsExactlyInAnyOrder("version", "failure");
                assertThat(markers.get("markers").get(0).get("t").asLong())
                        .isEqualTo(Instant.parse(call.get("at").asText()).toEpochMilli());
                assertThat(markers.get("markers").toString())
                        .contains("version v2")
                        .contains("java.lang.IllegalStateException: no cpu");
            }
            try (WsProbe late = dashboard.connect()) {
                JsonNode markers = late.awaitFrame(
                        "the markers on connect", f -> f.get("type").asText().equals("markers"));
                assertThat(markers.get("markers")).hasSize(2);
            }
        }
    }

    @Test
    void withoutACallsLogTheStatusKeyGivesTheMarkers(TestInfo test) {
        String key = key(test);
        redis.client().set(key, "{\"x\": 1}");
        redis.client()
                .set(
                        key + ":status",
                        "{\"ok\": true, \"codeVersion\": \"v1\", \"updatedAt\": \""
                                + Instant.now().minusSeconds(5) + "\"}");
        try (RunningDashboard dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(100));
                WsProbe page = dashboard.connect()) {
            page.awaitState(
                    "status v1",
                    s -> s.path("status").path("codeVersion").asText().equals("v1"));
            Instant failedAt = Instant.now();
            redis.client()
                    .set(
                            key + ":status",
                            "{\"ok\": false, \"codeVersion\": \"v2\", \"updatedAt\": \"" + failedAt
                                    + "\", \"error\": {\"type\": \"Boom\", \"message\": \"bad input\"}}");
            JsonNode markers = page.awaitFrame(
                    "a version and a failure marker",
                    f -> f.get("type").asText().equals("markers")
                            && f.get("markers").size() == 2);
            for (JsonNode marker : markers.get("markers")) {
                assertThat(marker.get("t").asLong()).isEqualTo(failedAt.toEpochMilli());
            }
            assertThat(markers.get("markers").toString())
                    .contains("Boom: bad input")
                    .contains("version v2");
        }
    }
}
