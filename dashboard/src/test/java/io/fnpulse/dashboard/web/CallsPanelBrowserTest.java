package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.dashboard.calls.CallsLog;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * In headless Chromium: the Calls panel lists the calls log as the runtime writes it, newest first, and a failed call
 * opens from the keyboard to its error, stack trace and captured output (as text); the charts draw a marker for the
 * new version and one for the failure, each with its tooltip.
 */
@ExtendWith(RedisExtension.class)
class CallsPanelBrowserTest {

    private final TestRedis redis;
    private RunningDashboard dashboard;

    CallsPanelBrowserTest(TestRedis redis) {
        this.redis = redis;
    }

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void listsTheCallsOpensAFailedOneAndDrawsTheMarkers() {
        Browser.assumeInstalled();
        String key = "page-calls";
        CallsLog log = new CallsLog(redis, key);
        Instant now = Instant.now();
        log.success(now.minusSeconds(50), "v1", 1.5);
        log.success(now.minusSeconds(40), "v1", 1.25);
        dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(200));
        for (int i = 0; i < 5; i++) {
            redis.client().set(key, "{\"load\": " + i + "}");
            dashboard.awaitSample("load", i);
        }
        String failed = log.failure(
                now.minusSeconds(20),
                "v2",
                "java.lang.IllegalStateException",
                "no cpu <script>",
                "printed by the function");

        try (Browser browser = Browser.open(1280, 1400, "light")) {
            ChromeDriver driver = browser.driver();
            driver.get(dashboard.url("/"));
            List<WebElement> calls = await("three calls listed")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> driver.findElements(By.cssSelector("#calls li.call")), c -> c.size() == 3);
            assertThat(driver.findElement(By.id("calls")).isDisplayed()).isTrue();
            assertThat(calls.get(0).getDomAttribute("data-id"))
                    .as("newest first")
                    .isEqualTo(failed);
            assertThat(calls)
                    .extracting(c -> c.getDomAttribute("data-outcome"))
                    .containsExactly("function_error", "success", "success");
            assertThat(calls.get(1).getText())
                    .contains("success")
                    .contains("1.3 ms")
                    .contains("version v1");

            WebElement summary = calls.get(0).findElement(By.cssSelector("details > summary"));
            assertThat(calls.get(0).findElement(By.cssSelector("details")).getDomProperty("open"))
                    .isEqualTo("false");
            summary.sendKeys(Keys.ENTER);
            await("the failed call opens")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> "true"
                            .equals(calls.get(0)
                                    .findElement(By.cssSelector("details"))
                                    .getDomProperty("open")));
            String opened = calls.get(0).getText();
            assertThat(opened)
                    .contains("java.lang.IllegalStateException: no cpu <script>")
                    .contains("at metrics.Function.apply(Function.java:42)")
                    .contains("printed by the function")
                    .contains("<b>not html</b>");
            assertThat(calls.get(0).findElements(By.tagName("script"))).isEmpty();
            assertThat(calls.get(0).findElements(By.tagName("b")))
                    .as("captured text is never HTML")
                    .isEmpty();

            List<WebElement> markers = await("a version and a failure marker on the chart")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(
                            () -> driver.findElements(By.cssSelector("article.card .u-over .marker")),
                            m -> m.size() == 2);
            assertThat(markers)
                    .extracting(m -> m.getDomAttribute("data-kind"))
                    .containsExactlyInAnyOrder("version", "failure");
            WebElement failure = markers.stream()
                    .filter(m -> "failure".equals(m.getDomAttribute("data-kind")))
                    .findFirst()
                    .orElseThrow();
            assertThat(failure.getDomAttribute("title")).contains("failed: java.lang.IllegalStateException");
            assertThat(failure.getDomAttribute("data-t"))
                    .isEqualTo(Long.toString(now.minusSeconds(20).toEpochMilli()));
            Number plotWidth =
                    (Number) driver.executeScript("return document.querySelector('article.card .u-over').clientWidth");
            Number left = (Number) driver.executeScript("return arguments[0].offsetLeft", failure);
            // 20 s before the right edge of a 15-minute window: near the right end, not at 0 or off the plot
            assertThat(left.doubleValue()).isBetween(plotWidth.doubleValue() * 0.9, plotWidth.doubleValue());
        }
    }
}
