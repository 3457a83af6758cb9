package io.fnpulse.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.dashboard.WsProbe;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** Browsers get the history, then every new sample once; their number changes nothing on the Redis side. */
@ExtendWith(RedisExtension.class)
class WebSocketFanoutTest {

    private final TestRedis redis;
    private String key;
    private RunningDashboard dashboard;

    WebSocketFanoutTest(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void start(TestInfo test) {
        key = "fanout:" + test.getTestMethod().orElseThrow().getName();
        dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    private void write(int i) {
        redis.client().set(key, "{\"x\": " + i + "}");
    }

    @Test
    void aNewBrowserGetsTheHistoryThenTheStateThenEachNewSample() {
        for (int i = 1; i <= 3; i++) {
            write(i);
            dashboard.awaitSample("x", i);
        }
        try (WsProbe browser = dashboard.connect()) {
            browser.awaitFrame("the state", f -> f.path("type").asText().equals("state"));
            JsonNode history = browser.frames().get(0);
            assertThat(history.get("type").asText()).isEqualTo("history");
            assertThat(history.get("samples"))
                    .extracting(s -> s.get("values").get("x").asInt())
                    .containsExactly(1, 2, 3);
            assertThat(history.get("pollIntervalMs").asLong()).isEqualTo(100);
            assertThat(browser.frames().get(1).get("type").asText()).isEqualTo("state");

            write(4);
            write(5);
            browser.awaitSample("x", 5);
            List<Integer> all = new ArrayList<>();
            history.get("samples").forEach(s -> all.add(s.get("values").get("x").asInt()));
            browser.samples().forEach(s -> all.add(s.get("values").get("x").asInt()));
            assertThat(all)
                    .as("every sample once, in order")
                    .doesNotHaveDuplicates()
                    .isSorted()
                    .endsWith(5);
        }
    }

    @Test
    void aReconnectingBrowserGetsOnlyWhatItMissed() {
        write(1);
        long seen = dashboard.awaitSample("x", 1).get("t").asLong();
        write(2);
        dashboard.awaitSample("x", 2);
        write(3);
        dashboard.awaitSample("x", 3);
        try (WsProbe browser = dashboard.connect(OptionalLong.of(seen))) {
            JsonNode history = browser.awaitFrame(
                    "the history", f -> f.path("type").asText().equals("history"));
            assertThat(history.get("samples"))
                    .extracting(s -> s.get("values").get("x").asInt())
                    .containsExactly(2, 3);
        }
    }

    @Test
    void onePollAndOneFramePerSampleWhateverTheNumberOfBrowsers() {
        write(0);
        dashboard.awaitSample("x", 0);
        List<WsProbe> browsers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                browsers.add(dashboard.connect());
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> dashboard.metric("fnpulse_dashboard_ws_clients", "") == 20);
            double framesBefore = sampleFrames();
            double pollsBefore = dashboard.polls();
            long mgetsBefore = mgetCalls();

            for (int i = 1; i <= 5; i++) {
                write(i);
                int value = i;
                await().atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> browsers.stream()
                                .allMatch(b -> b.samples().stream()
                                        .anyMatch(s -> s.get("values").get("x").asInt() == value)));
            }

            double polls = dashboard.polls() - pollsBefore;
            long mgets = (mgetCalls() - mgetsBefore) / READS_PER_POLL;
            double pollsAfter = dashboard.polls() - pollsBefore;
            // a poll straddling either reading of the counters may be counted on one side only, hence the +-1
            assertThat((double) mgets)
                    .as("Redis reads per poll, with 20 browsers")
                    .isBetween(polls - 1, pollsAfter + 1);
            assertThat(sampleFrames() - framesBefore)
                    .as("sample frames built for 5 samples and 20 browsers")
                    .isEqualTo(5);
            for (WsProbe browser : browsers) {
                assertThat(browser.samples())
                        .extracting(s -> s.get("values").get("x").asInt())
                        .containsExactly(1, 2, 3, 4, 5);
            }
        } finally {
            browsers.forEach(WsProbe::close);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> dashboard.metric("fnpulse_dashboard_ws_clients", "") == 0);
    }

    @Test
    void aWebSocketFromAnotherSiteIsRefusedAndOneFromThePageAccepted() {
        java.net.URI ws = java.net.URI.create(dashboard.url("/ws").replace("http:", "ws:"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> WsProbe.connect(ws, java.util.Map.of("Origin", "https://elsewhere.example")))
                .hasRootCauseMessage("Unexpected HTTP response status code 403");
        try (WsProbe page = WsProbe.connect(ws, java.util.Map.of("Origin", dashboard.url("")))) {
            page.awaitFrame("the history", f -> f.path("type").asText().equals("history"));
        }
    }

    private double sampleFrames() {
        return dashboard.metric("fnpulse_dashboard_ws_broadcast_frames_total", "kind=\"sample\"");
    }

    /** One bounded read of the output and status keys, one of the output history, one of the calls log. */
    private static final int READS_PER_POLL = 3;

    private long mgetCalls() {
        Matcher calls = Pattern.compile("cmdstat_evalsha:calls=(\\d+)")
                .matcher(redis.client().info("commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }
}
