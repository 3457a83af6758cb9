package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.browser.WideWindowProbe;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * What a new browser on the 24 h window is sent when the live hour is dense: an hour of the metrics function's
 * outputs for an 8-CPU host, one a second, in the output history stream (as the runtime commits them). The day must
 * cost under 1 MB on the wire, assets included, however dense the hour, and its peaks and dips must still be drawn.
 */
@ExtendWith(RedisExtension.class)
class WideWindowBrowserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int SECONDS = 3_600;
    private static final int CPUS = 8;
    private static final String CPU = "moving_average_cpu_percent";
    private static final int PEAK_AT = 1_234;
    private static final double PEAK = 99.5;
    private static final int DIP_AT = 2_345;
    private static final double DIP = 0.25;
    private static final long MEGABYTE = 1_000_000;

    private final TestRedis redis;

    WideWindowBrowserTest(TestRedis redis) {
        this.redis = redis;
    }

    /** The recorded outputs of the metrics function, widened to 8 CPUs, with one peak and one dip. */
    private static String output(List<String> recorded, int i) {
        try {
            ObjectNode value = (ObjectNode) MAPPER.readTree(recorded.get(i % recorded.size()));
            for (int cpu = 4; cpu < CPUS; cpu++) {
                value.put(CPU + "-" + cpu, value.get(CPU + "-" + (cpu - 4)).asDouble() + cpu / 3.0);
            }
            if (i == PEAK_AT) {
                value.put(CPU + "-5", PEAK);
            }
            if (i == DIP_AT) {
                value.put(CPU + "-2", DIP);
            }
            return value.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the dense hour, ending a second ago, into the history stream; returns the first sample's time. */
    private long writeDenseHour(String key) {
        List<String> recorded = ProjectFiles.expectedOutput();
        long first = System.currentTimeMillis() - SECONDS * 1_000L;
        try (AbstractPipeline pipeline = redis.client().pipelined()) {
            for (int i = 0; i < SECONDS; i++) {
                pipeline.xadd(
                        key + ":history",
                        new StreamEntryID(first + i * 1_000L, 0),
                        Map.of("data", output(recorded, i)));
            }
            pipeline.set(key, output(recorded, SECONDS - 1));
            pipeline.sync();
        }
        return first;
    }

    /**
     * The dense hour in a dashboard that keeps a day, and a new browser on its 24 h window once the charts have drawn
     * the day from the hour's first minute; {@code http} and {@code websocket}: the bytes the page received by then.
     */
    private record DayOnScreen(
            RunningDashboard dashboard, Browser browser, long first, long last, long http, long websocket)
            implements AutoCloseable {

        ChromeDriver driver() {
            return browser.driver();
        }

        @Override
        public void close() {
            browser.close();
            dashboard.close();
        }
    }

    private DayOnScreen openTheDayOnADenseHour(String key) {
        long first = writeDenseHour(key);
        long last = first + (SECONDS - 1) * 1_000L;
        DashboardConfig base = RunningDashboard.config(redis, key, Duration.ofMillis(200));
        RunningDashboard dashboard = RunningDashboard.start(new DashboardConfig(
                0,
                base.redis(),
                key,
                base.pollInterval(),
                Duration.ofMinutes(24 * 60),
                base.statusKey(),
                base.trigger(),
                base.maxValueBytes()));
        Browser browser = null;
        try {
            await("the dense hour loaded from the history stream")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> dashboard.latest().get("sample").get("t").asLong() == last);
            browser = Browser.open(1280, 900, "light");
            ChromeDriver driver = browser.driver();
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
            driver.executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", WideWindowProbe.COUNT_WEBSOCKET_BYTES));
            driver.get(dashboard.url("/?window=1440"));
            List<?> received =
                    (List<?>) driver.executeAsyncScript(WideWindowProbe.AWAIT_WIDE_WINDOW, 1440, first + 60_000);
            return new DayOnScreen(
                    dashboard,
                    browser,
                    first,
                    last,
                    ((Number) received.get(1)).longValue(),
                    ((Number) received.get(2)).longValue());
        } catch (RuntimeException | Error e) {
            if (browser != null) {
                browser.close();
            }
            dashboard.close();
            throw e;
        }
    }

    /** What the CPU chart draws: points, newest time, CPU 5's highest and CPU 2's lowest value. */
    private static JsonNode drawn(ChromeDriver driver) {
        return readTree(
                driver.executeScript("const d = document.querySelector('[data-chart=" + CPU + "]').card.plot.data;"
                                + " const values = (c) => Array.from(c).filter((v) => v != null);"
                                + " return JSON.stringify({ points: d[0].length, last: d[0][d[0].length - 1],"
                                + " peak: Math.max(...values(d[6])), dip: Math.min(...values(d[3])) })")
                        .toString());
    }

    @Test
    void aNewPageOnTheDayWindowIsSentUnderAMegabyteForADenseHourAndDrawsItsPeaks() {
        Browser.assumeInstalled();
        try (DayOnScreen day = openTheDayOnADenseHour("wide-cost:" + System.nanoTime())) {
            long http = day.http();
            long websocket = day.websocket();
            System.out.printf(
                    Locale.ROOT,
                    "a new page on ?window=1440 with %d samples of %d series at 1/s: %,d bytes over HTTP + %,d over"
                            + " the WebSocket = %,d%n",
                    SECONDS,
                    CPUS + 2,
                    http,
                    websocket,
                    http + websocket);
            assertThat(http + websocket)
                    .as("bytes a new page on the 24 h window receives (HTTP %,d, WebSocket %,d)", http, websocket)
                    .isLessThan(MEGABYTE);
            JsonNode drawn = drawn(day.driver());
            assertThat(drawn.get("peak").asDouble()).as("the peak of CPU 5").isEqualTo(PEAK);
            assertThat(drawn.get("dip").asDouble()).as("the dip of CPU 2").isEqualTo(DIP);
            assertThat(drawn.get("points").asInt())
                    .as("points drawn for the day: thinned, not the raw hour")
                    .isLessThan(SECONDS / 4);
        }
    }

    @Test
    void liveSamplesPilingUpOnTheDayAreThinnedByThePageAndANarrowWindowGetsTheRawHour() {
        Browser.assumeInstalled();
        try (DayOnScreen day = openTheDayOnADenseHour("wide-live:" + System.nanoTime())) {
            ChromeDriver driver = day.driver();
            String key = day.dashboard().config().outputKey();
            long last = day.last();
            long width = ((Number) driver.executeScript(
                            "return document.querySelector('[data-chart=" + CPU + "]').card.plot.bbox.width"))
                    .longValue();

            // 6,000 live outputs in 6 s, one of them a new peak: more than the page keeps for a chart this wide
            int burst = 6_000;
            double newPeak = 123.25;
            try (AbstractPipeline pipeline = redis.client().pipelined()) {
                for (int i = 1; i <= burst; i++) {
                    ObjectNode value = MAPPER.createObjectNode();
                    value.put(CPU + "-5", i == burst / 2 ? newPeak : 20 + i % 9);
                    pipeline.xadd(key + ":history", new StreamEntryID(last + i, 0), Map.of("data", value.toString()));
                }
                pipeline.sync();
            }
            await("the burst on the day's chart")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> drawn(driver).get("last").asLong() == last + burst);
            JsonNode drawn = drawn(driver);
            assertThat(drawn.get("peak").asDouble()).as("the burst's peak").isEqualTo(newPeak);
            assertThat(drawn.get("dip").asDouble()).as("the hour's dip").isEqualTo(DIP);
            assertThat(drawn.get("points").asLong())
                    .as("points on a chart %d px wide after %d live samples: thinned by the page", width, burst)
                    .isLessThan(burst);

            driver.findElement(By.cssSelector("[data-window='15']")).click();
            await("the last 15 minutes raw")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> drawn(driver).get("points").asInt() > burst + 850);
            assertThat(drawn(driver).get("peak").asDouble()).isEqualTo(newPeak);
            assertThat((Boolean) driver.executeScript(
                            "return performance.getEntriesByType('resource').map((e) => new URL(e.name))"
                                    + ".some((u) => u.pathname === '/api/history' && u.searchParams.has('from')"
                                    + " && !u.searchParams.has('width'))"))
                    .as("the live hour asked for raw once a narrow window is shown")
                    .isTrue();
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
