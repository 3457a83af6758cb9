package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.dashboard.RedisOutage;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page in a real headless Chromium: a chart per metric, new values pushed, the stale badges, and screenshots
 * under {@code dashboard/target/} (and, with {@code -Dfnpulse.docs.screenshot=true}, the README's picture).
 */
@ExtendWith(RedisExtension.class)
class DashboardPageBrowserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TARGET = Path.of("target");

    private final TestRedis redis;
    private final RedisOutage outage;
    private RunningDashboard dashboard;

    DashboardPageBrowserTest(TestRedis redis) {
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

    private void feed(String key, List<String> outputs) {
        for (String output : outputs) {
            redis.client().set(key, output);
            redis.client().set(key + ":status", status(true));
            double caching = readTree(output).get("percentage_memory_caching").asDouble();
            dashboard.awaitSample("percentage_memory_caching", caching);
        }
    }

    private static String status(boolean ok) {
        ObjectNode status = MAPPER.createObjectNode();
        status.put("ok", ok);
        status.put("lastExecution", Instant.now().toString());
        status.put("durationMs", 1.7);
        status.put("functionGetmtime", "2026-11-28T01:58:00Z");
        status.put("codeVersion", "a1b2c3d4e5f6");
        status.putNull("error");
        return status.toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebElement badge(WebDriver driver) {
        return driver.findElement(By.id("badge"));
    }

    private static String legendValue(WebDriver driver, String series) {
        return driver.findElement(By.cssSelector("tr[data-series='" + series + "'] td[data-role='value']"))
                .getText();
    }

    private static void awaitBadge(WebDriver driver, String state, String text) {
        await("badge " + state + " saying '" + text + "'")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> state.equals(badge(driver).getDomAttribute("data-state"))
                        && badge(driver).getText().contains(text));
    }

    @Test
    void showsAChartPerMetricPushesNewValuesAndTellsStaleFromUnreachable() {
        Browser.assumeInstalled();
        String key = "page";
        dashboard = RunningDashboard.start(redis, key, Duration.ofSeconds(1));
        feed(key, ProjectFiles.expectedOutput().subList(0, 6));

        try (Browser browser = Browser.open(1280, 900, "light")) {
            ChromeDriver driver = browser.driver();
            driver.get(dashboard.url("/"));
            List<WebElement> cards = await("three charts")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> driver.findElements(By.cssSelector("article.card[data-chart]")), c -> c.size() == 3);
            assertThat(cards)
                    .extracting(c -> c.getDomAttribute("data-chart"))
                    .containsExactly(
                            "percentage_outgoing_bytes", "percentage_memory_caching", "moving_average_cpu_percent");
            for (WebElement card : cards) {
                assertThat(card.findElements(By.cssSelector(".uplot canvas")))
                        .as("a uPlot chart")
                        .isNotEmpty();
            }
            WebElement cpu = cards.get(2);
            assertThat(cpu.findElements(By.cssSelector("tbody tr[data-series]")))
                    .extracting(row -> row.getDomAttribute("data-series"))
                    .containsExactly(
                            "moving_average_cpu_percent-0",
                            "moving_average_cpu_percent-1",
                            "moving_average_cpu_percent-2",
                            "moving_average_cpu_percent-3");
            assertThat(cpu.findElements(By.cssSelector("thead th")))
                    .extracting(WebElement::getText)
                    .containsExactly("series", "now", "min", "max", "avg");
            assertThat(driver.findElement(By.id("status")).getText()).contains("Function OK", "a1b2c3d4e5f6");

            double pollsBefore = dashboard.polls();
            redis.client()
                    .set(
                            key,
                            "{\"percentage_outgoing_bytes\": 13.3, \"percentage_memory_caching\": 42.4242,"
                                    + " \"moving_average_cpu_percent-0\": 11, \"moving_average_cpu_percent-1\": 12,"
                                    + " \"moving_average_cpu_percent-2\": 13, \"moving_average_cpu_percent-3\": 14}");
            await("the new value on the page")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() ->
                            legendValue(driver, "percentage_memory_caching").startsWith("42.42"));
            assertThat(dashboard.polls() - pollsBefore)
                    .as("polls until the page showed the new value")
                    .isLessThanOrEqualTo(2);
            browser.screenshot(TARGET.resolve("dashboard-live.png"));

            awaitBadge(driver, "stale", "No new data for");
            assertThat(legendValue(driver, "percentage_memory_caching")).startsWith("42.42");

            assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
            outage.begin();
            awaitBadge(driver, "down", "Redis unreachable since");
            assertThat(driver.findElements(By.cssSelector("article.card"))).hasSize(3);
            assertThat(legendValue(driver, "percentage_memory_caching"))
                    .as("the old data stays")
                    .startsWith("42.42");
            assertThat(driver.findElement(By.cssSelector("article.card .stale-tag"))
                            .isDisplayed())
                    .isTrue();
            browser.screenshot(TARGET.resolve("dashboard-redis-down.png"));
            int gapsBefore = Integer.parseInt(cards.get(2).getDomAttribute("data-gaps"));
            outage.end();
            redis.client().set(key, ProjectFiles.expectedOutput().get(20));
            await("the next value, after the outage drawn as a gap")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() ->
                            !legendValue(driver, "percentage_memory_caching").startsWith("42.42")
                                    && Integer.parseInt(cards.get(2).getDomAttribute("data-gaps")) == gapsBefore + 1);
            browser.screenshot(TARGET.resolve("dashboard-after-outage.png"));

            assertThat(browser.console())
                    .as("browser console errors (CSP violations show here)")
                    .noneMatch(line -> line.contains(Level.SEVERE.toString()));
        }
    }

    @Test
    void onAPhonePauseFreezesTheChartsCsvExportsWhatIsShownAndTheThemeToggles() throws IOException {
        Browser.assumeInstalled();
        String key = "page-phone";
        dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(200));
        feed(key, ProjectFiles.expectedOutput().subList(0, 5));

        try (Browser browser = Browser.open(390, 844, "dark")) {
            ChromeDriver driver = browser.driver();
            driver.get(dashboard.url("/"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> driver.findElements(By.cssSelector("article.card[data-chart]"))
                                    .size()
                            == 3);
            Object overflow = driver.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue())
                    .as("horizontal overflow on a phone")
                    .isLessThanOrEqualTo(0);
            browser.screenshot(TARGET.resolve("dashboard-phone-dark.png"));

            String before = legendValue(driver, "percentage_memory_caching");
            driver.findElement(By.id("pause")).click();
            assertThat(driver.findElement(By.id("pause")).getDomAttribute("aria-pressed"))
                    .isEqualTo("true");
            feed(key, ProjectFiles.expectedOutput().subList(40, 41));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> driver.executeScript("return document.getElementById('window-info').textContent")
                            .toString()
                            .contains("6 samples"));
            assertThat(legendValue(driver, "percentage_memory_caching"))
                    .as("paused")
                    .isEqualTo(before);
            driver.findElement(By.id("pause")).click();
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() ->
                            !legendValue(driver, "percentage_memory_caching").equals(before));

            Path downloads = Files.createTempDirectory(TARGET.toAbsolutePath(), "csv-");
            driver.executeCdpCommand(
                    "Browser.setDownloadBehavior",
                    java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
            driver.findElement(By.id("csv")).click();
            Path csv = await("the CSV download")
                    .atMost(Duration.ofSeconds(20))
                    .until(
                            () -> {
                                try (var files = Files.list(downloads)) {
                                    return files.filter(f -> f.toString().endsWith(".csv"))
                                            .findFirst()
                                            .orElse(null);
                                }
                            },
                            file -> file != null);
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0))
                    .isEqualTo("time,epoch_ms,percentage_outgoing_bytes,percentage_memory_caching,"
                            + "moving_average_cpu_percent-0,moving_average_cpu_percent-1,moving_average_cpu_percent-2,"
                            + "moving_average_cpu_percent-3");
            assertThat(lines).hasSize(1 + 6);
            assertThat(lines.get(6))
                    .as("the newest row ends with CPU 3's value")
                    .endsWith(","
                            + readTree(ProjectFiles.expectedOutput().get(40))
                                    .get("moving_average_cpu_percent-3")
                                    .asText());

            String themeBefore = driver.findElement(By.id("theme")).getText();
            driver.findElement(By.id("theme")).click();
            assertThat(driver.findElement(By.id("theme")).getText()).isNotEqualTo(themeBefore);
            assertThat(driver.executeScript("return document.documentElement.dataset.theme"))
                    .isEqualTo("light");
        }
    }

    @Test
    void reconnectsToARestartedServerKeepingWhatItHad() throws IOException {
        Browser.assumeInstalled();
        String key = "page-reconnect";
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        io.fnpulse.dashboard.DashboardConfig config = RunningDashboard.config(redis, key, Duration.ofMillis(200));
        io.fnpulse.dashboard.DashboardConfig fixedPort = config.withPort(port);
        dashboard = RunningDashboard.start(fixedPort);
        feed(key, ProjectFiles.expectedOutput().subList(0, 3));

        try (Browser browser = Browser.open(1280, 900, "light")) {
            ChromeDriver driver = browser.driver();
            driver.get(dashboard.url("/"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> driver.executeScript("return document.getElementById('window-info').textContent")
                            .toString()
                            .contains("3 samples"));

            dashboard.close();
            dashboard = null;
            awaitBadge(driver, "offline", "Dashboard server unreachable; retrying in");

            dashboard = RunningDashboard.start(fixedPort);
            // the restarted server records the value it finds in the key once its first poll has run
            await("the restarted server's first sample")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> dashboard.latest().get("sample"), sample -> sample != null && !sample.isNull());
            feed(key, ProjectFiles.expectedOutput().subList(3, 5));
            // 3 + (1 + 2)
            await("the old samples kept and the new ones added")
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> driver.executeScript("return document.getElementById('window-info').textContent"
                                            + " + ' ' + document.getElementById('badge').textContent")
                                    .toString(),
                            text -> text.contains("6 samples"));
            assertThat(legendValue(driver, "percentage_memory_caching")).isNotEqualTo("–");
        }
    }

    /** The README's screenshots: run with {@code -Dfnpulse.docs.screenshot=true}; about a minute of live data. */
    @Test
    void savesTheReadmeScreenshots() throws Exception {
        assumeTrue(
                Boolean.getBoolean("fnpulse.docs.screenshot"), "set -Dfnpulse.docs.screenshot=true to refresh docs/");
        Browser.assumeInstalled();
        String key = "metrics-output";
        dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(100));
        List<String> outputs = ProjectFiles.expectedOutput();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ScheduledExecutorService writer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            writer.scheduleAtFixedRate(
                    () -> {
                        redis.client().set(key, outputs.get(next.getAndIncrement() % outputs.size()));
                        redis.client().set(key + ":status", status(true));
                    },
                    0,
                    450,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> next.get() >= 125);
            Path docs = ProjectFiles.resolve("docs");
            Files.createDirectories(docs);
            for (String scheme : List.of("light", "dark")) {
                try (Browser browser = Browser.open(1360, 1060, scheme)) {
                    ChromeDriver driver = browser.driver();
                    driver.get(dashboard.url("/"));
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> driver.findElements(By.cssSelector("article.card[data-chart]"))
                                            .size()
                                    == 3);
                    driver.findElement(By.cssSelector("[data-window='1']")).click();
                    awaitBadge(driver, "live", "Live");
                    WebElement cpu =
                            driver.findElement(By.cssSelector("[data-chart='moving_average_cpu_percent'] .u-over"));
                    new org.openqa.selenium.interactions.Actions(driver)
                            .moveToElement(cpu, 180, 0)
                            .perform();
                    await().atMost(Duration.ofSeconds(5))
                            .until(() -> !driver.findElement(By.cssSelector(
                                            "[data-chart='percentage_memory_caching'] thead th:nth-child(2)"))
                                    .getText()
                                    .equals("now"));
                    browser.screenshot(docs.resolve(scheme.equals("light") ? "dashboard.png" : "dashboard-dark.png"));
                }
            }
        } finally {
            writer.shutdownNow();
        }
    }
}
