package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * What the page does with what it is given, in one headless Chromium for the class: 10 KB key names, a burst of
 * samples, zoom and back to live (mouse and keyboard), a link that reproduces a view, the table view, and axe-core
 * on both themes. Each test has a dashboard of its own on its own output key.
 */
@ExtendWith(RedisExtension.class)
class DashboardViewBrowserTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path TARGET = Path.of("target");
    private static final String CPU = "moving_average_cpu_percent";
    private static final String CACHING = "percentage_memory_caching";

    private static TestRedis redis;
    private static Browser browser;
    private static ChromeDriver driver;
    private RunningDashboard dashboard;

    @BeforeAll
    static void openBrowser(TestRedis testRedis) {
        redis = testRedis;
        browser = Browser.open(1280, 900, "light");
        driver = browser.driver();
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stop() {
        List<String> errors = browser.console().stream()
                .filter(line -> line.contains("SEVERE"))
                .filter(line -> !line.contains("ERR_CONNECTION_REFUSED"))
                .toList();
        if (dashboard != null) {
            dashboard.close();
        }
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    private void start(String key, Duration poll, List<String> outputs) {
        dashboard = RunningDashboard.start(redis, key, poll);
        for (String output : outputs) {
            write(key, output);
        }
    }

    private void write(String key, String output) {
        redis.client().set(key, output);
        JsonNode value = readTree(output);
        Map.Entry<String, JsonNode> first = value.has(CACHING)
                ? Map.entry(CACHING, value.get(CACHING))
                : value.properties().iterator().next();
        dashboard.awaitSample(first.getKey(), first.getValue().asDouble());
    }

    private void open(String query) {
        driver.get(dashboard.url("/" + query));
        await("the charts")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> (Boolean)
                        driver.executeScript("return document.querySelectorAll('article.card .uplot').length > 0"
                                + " && document.getElementById('empty').hidden"));
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private static long number(String script, Object... args) {
        return ((Number) js(script, args)).longValue();
    }

    private static String query() {
        return URLDecoder.decode(js("return location.search").toString(), StandardCharsets.UTF_8);
    }

    /** The x scale of every chart, [min, max] in epoch ms. */
    @SuppressWarnings("unchecked")
    private static List<List<Number>> scales() {
        return (List<List<Number>>) js("return [...document.querySelectorAll('article.card')]"
                + ".map(c => [c.card.plot.scales.x.min, c.card.plot.scales.x.max])");
    }

    private static long span(List<Number> scale) {
        return scale.get(1).longValue() - scale.get(0).longValue();
    }

    /** How many samples a chart draws (the time column also holds the break rows drawn as gaps). */
    private static int points(String chart) {
        return chartTimes(chart).size();
    }

    private static List<String> expected(int from, int to) {
        return ProjectFiles.expectedOutput().subList(from, to);
    }

    @Test
    void tenKilobyteKeyNamesDoNotWidenThePageAndNumbersStayShort() {
        String key = "wide";
        String longName = "k".repeat(10 * 1024);
        ObjectNode value = MAPPER.createObjectNode();
        value.put(longName, 1.5e300);
        value.put(longName + "-0", 1234567.891);
        value.put(longName + "-1", 0.000012345);
        value.put("plain", 42.4242);
        start(key, Duration.ofMillis(50), List.of(value.toString()));
        open("");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> number("return document.querySelectorAll('article.card')" + ".length") == 2);

        long overflow = number("return document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow).as("page wider than the viewport by").isLessThanOrEqualTo(0);
        WebElement heading = driver.findElement(By.cssSelector("article.card h2"));
        assertThat(heading.getDomAttribute("title"))
                .as("the full name on hover")
                .hasSize(longName.length());
        assertThat(heading.getSize().getWidth()).isLessThan(1280);
        List<String> values = new ArrayList<>();
        for (WebElement cell : driver.findElements(By.cssSelector("td[data-role='value']"))) {
            values.add(cell.getText());
        }
        assertThat(values)
                .as("value cells")
                .allSatisfy(text -> assertThat(text.length()).isLessThanOrEqualTo(12));
        assertThat(values).contains("1.50e300", "1,234,568", "1.23e-5", "42.42");
        browser.screenshot(TARGET.resolve("dashboard-long-keys.png"));
    }

    @Test
    void aBurstOfSamplesEndsWithEverySampleInTheChartData() {
        String key = "burst";
        start(key, Duration.ofMillis(10), expected(0, 2));
        open("?window=5");
        // the page's main thread is busy for 4 s while the server sends sample after sample: they all wait in the
        // socket and arrive at once
        js("setTimeout(() => { const end = performance.now() + 4000; while (performance.now() < end) {} }, 0)");
        int burst = 0;
        long deadline = System.nanoTime() + Duration.ofMillis(3500).toNanos();
        while (System.nanoTime() < deadline) {
            ObjectNode value = MAPPER.createObjectNode();
            value.put(CACHING, 1000 + burst);
            value.put(CPU + "-0", burst);
            write(key, value.toString());
            burst++;
        }
        assertThat(burst).as("samples in the burst").isGreaterThan(20);
        List<Long> server = new ArrayList<>();
        for (JsonNode sample : dashboard.json("/api/history").get("samples")) {
            server.add(sample.get("t").asLong());
        }
        await("every sample in the chart")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> chartTimes(CACHING), times -> times.containsAll(server));
        assertThat(chartTimes(CACHING)).as("the chart's samples, no more").hasSameSizeAs(server);
        assertThat(number("const d = document.querySelector('[data-chart=" + CACHING + "]').card.plot.data;"
                        + " return d[1][d[1].length - 1]"))
                .isEqualTo(1000 + burst - 1);
        assertThat(js("return document.getElementById('window-info').textContent")
                        .toString())
                .contains(server.size() + " samples");
    }

    @SuppressWarnings("unchecked")
    private static List<Long> chartTimes(String chart) {
        List<Number> times = (List<Number>) js("const d = document.querySelector('[data-chart=" + chart
                + "]').card.plot.data; return Array.from(d[0]).filter((_, i) => d.slice(1).some(c => c[i] != null))");
        return times.stream().map(Number::longValue).toList();
    }

    @Test
    void dragZoomsEveryChartPausesLiveAndEscapeOrDoubleClickGoesBack() {
        String key = "zoom";
        start(key, Duration.ofMillis(50), expected(0, 12));
        open("?window=1");
        WebElement over = driver.findElement(By.cssSelector("[data-chart='" + CPU + "'] .u-over"));
        int width = over.getSize().getWidth();
        int firstPoints = points(CPU);
        new Actions(driver)
                .moveToElement(over, -width / 2 + 20, 0)
                .clickAndHold()
                .moveByOffset(width - 40, 0)
                .release()
                .perform();

        WebElement live = driver.findElement(By.id("live"));
        await("Back to live").atMost(Duration.ofSeconds(5)).until(live::isDisplayed);
        await("the zoomed range drawn")
                .atMost(Duration.ofSeconds(5))
                .until(() -> scales().get(0).get(1).longValue()
                                - scales().get(0).get(0).longValue()
                        < 59_000);
        String zoomed = query();
        assertThat(zoomed).contains("from=", "to=", "window=1");
        List<List<Number>> scales = scales();
        assertThat(scales).hasSize(3);
        assertThat(scales)
                .as("all charts share the zoomed range")
                .allSatisfy(s -> assertThat(s).isEqualTo(scales.get(0)));
        long from = scales.get(0).get(0).longValue();
        long to = scales.get(0).get(1).longValue();
        assertThat(to - from).as("range narrower than the minute window").isLessThan(60_000);
        assertThat(zoomed).contains("from=" + from, "to=" + to);
        assertThat((Boolean) js("return performance.getEntriesByType('resource').some(e => e.name.includes("
                        + "'/api/history?from=" + from + "&to=" + to + "&width='))"))
                .as("asked the server for the range")
                .isTrue();

        int before = points(CPU);
        write(key, expected(12, 13).get(0));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> js("return document.getElementById('window-info')" + ".textContent")
                        .toString()
                        .contains("13 samples"));
        assertThat(scales()).as("paused while zoomed").isEqualTo(scales);
        assertThat(points(CPU)).isEqualTo(before);

        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        await("live again").atMost(Duration.ofSeconds(5)).until(() -> !live.isDisplayed());
        assertThat(query()).doesNotContain("from=").contains("window=1");
        await("the new sample drawn").atMost(Duration.ofSeconds(5)).until(() -> points(CPU), n -> n == firstPoints + 1);

        // the keyboard: focus a chart, + zooms in to half the window, arrows pan, - zooms out, Escape goes live
        WebElement plot = driver.findElement(By.cssSelector("[data-chart='" + CPU + "'] .plot"));
        assertThat(plot.getDomAttribute("tabindex")).isEqualTo("0");
        plot.sendKeys("+");
        await().atMost(Duration.ofSeconds(5)).until(live::isDisplayed);
        await().atMost(Duration.ofSeconds(5)).until(() -> span(scales().get(0)) < 40_000);
        List<Number> half = scales().get(0);
        assertThat(half.get(1).longValue() - half.get(0).longValue()).isBetween(29_000L, 31_000L);
        assertThat(half.get(1).longValue())
                .as("zoomed in on the newest sample")
                .isGreaterThanOrEqualTo(
                        dashboard.latest().get("sample").get("t").asLong());
        plot.sendKeys(Keys.ARROW_LEFT);
        await().atMost(Duration.ofSeconds(5)).until(() -> !scales().get(0).equals(half));
        List<Number> panned = scales().get(0);
        assertThat(panned.get(0).longValue()).isLessThan(half.get(0).longValue());
        assertThat(panned.get(1).longValue() - panned.get(0).longValue())
                .isEqualTo(half.get(1).longValue() - half.get(0).longValue());
        plot.sendKeys(Keys.ESCAPE);
        await().atMost(Duration.ofSeconds(5)).until(() -> !live.isDisplayed());

        plot.sendKeys("+");
        await().atMost(Duration.ofSeconds(5)).until(live::isDisplayed);
        new Actions(driver).doubleClick(over).perform();
        await("double-click goes back to live").atMost(Duration.ofSeconds(5)).until(() -> !live.isDisplayed());
        assertThat(query()).doesNotContain("from=");
    }

    @Test
    void aLinkReproducesTheWindowTheZoomRangeTheHiddenSeriesAndTheTheme() {
        String key = "link";
        start(key, Duration.ofMillis(50), expected(0, 10));
        JsonNode samples = dashboard.json("/api/history").get("samples");
        long from = samples.get(2).get("t").asLong();
        long to = samples.get(6).get("t").asLong();
        open("?window=5&from=" + from + "&to=" + to + "&hide=" + CPU + "-1&hide=" + CACHING + "&theme=dark");

        assertThat(js("return document.documentElement.dataset.theme")).isEqualTo("dark");
        await("the zoomed range drawn")
                .atMost(Duration.ofSeconds(5))
                .until(() -> scales().get(0), s -> span(s) == to - from);
        assertThat(driver.findElement(By.cssSelector("[data-window='5']")).getDomAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(driver.findElement(By.id("live")).isDisplayed()).isTrue();
        assertThat(scales()).allSatisfy(s -> assertThat(s).containsExactly(from, to));
        assertThat(chartTimes(CPU))
                .as("the zoomed range's samples")
                .containsExactly(
                        samples.get(2).get("t").asLong(),
                        samples.get(3).get("t").asLong(),
                        samples.get(4).get("t").asLong(),
                        samples.get(5).get("t").asLong(),
                        samples.get(6).get("t").asLong());
        assertThat(js("return document.querySelector('[data-chart=" + CPU + "]').card.plot.series.map(s => s.show)"))
                .isEqualTo(List.of(true, true, false, true, true));
        WebElement hiddenRow = driver.findElement(By.cssSelector("tr[data-series='" + CPU + "-1']"));
        assertThat(hiddenRow.getDomAttribute("class")).contains("off");
        assertThat(hiddenRow.findElement(By.tagName("button")).getDomAttribute("aria-pressed"))
                .isEqualTo("false");
        assertThat(driver.findElement(By.cssSelector("tr[data-series='" + CACHING + "'] button"))
                        .getDomAttribute("aria-pressed"))
                .isEqualTo("false");

        // changing the view rewrites the link
        driver.findElement(By.cssSelector("tr[data-series='" + CPU + "-1'] button"))
                .click();
        assertThat(query()).doesNotContain("hide=" + CPU + "-1").contains("hide=" + CACHING);
        driver.findElement(By.id("theme")).click();
        assertThat(query()).as("dark → auto: follow the system").doesNotContain("theme=");
        driver.findElement(By.id("theme")).click();
        assertThat(query()).contains("theme=light");
        driver.findElement(By.cssSelector("[data-window='15']")).click();
        assertThat(query()).contains("window=15").doesNotContain("from=");

        // six hours is more than the page keeps: asked of the server for the whole window
        driver.findElement(By.cssSelector("[data-window='360']")).click();
        assertThat(query()).contains("window=360");
        await("the 6 h window asked of the server")
                .atMost(Duration.ofSeconds(5))
                .until(
                        () -> (Boolean)
                                js(
                                        "return performance.getEntriesByType('resource').map(e => new URL(e.name).searchParams)"
                                                + ".some(q => q.has('width') && Number(q.get('to')) - Number(q.get('from')) > 6 * 3600e3 - 5e3)"));
        assertThat(chartTimes(CPU))
                .as("what the page has, as the server ignores the range")
                .hasSize(10);
    }

    @Test
    void aChartOffScreenIsDrawnWhenItIsScrolledIntoView() {
        String key = "offscreen";
        ObjectNode value = MAPPER.createObjectNode();
        for (int chart = 0; chart < 12; chart++) {
            value.put("chart_" + chart + "-0", chart);
            value.put("chart_" + chart + "-1", chart + 0.5);
            value.put("chart_" + chart + "-2", chart + 0.25);
        }
        start(key, Duration.ofMillis(50), List.of(value.toString()));
        open("?window=5");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> number("return document.querySelectorAll('article.card')" + ".length") == 12);
        String first = "[data-chart='chart_0']";
        String last = "[data-chart='chart_11']";
        String drawnBefore = driver.findElement(By.cssSelector(last)).getDomAttribute("data-drawn-t");

        value.put("chart_0-0", 100);
        value.put("chart_11-0", 111);
        write(key, value.toString());
        long newest = dashboard.latest().get("sample").get("t").asLong();
        await("the chart on screen drawn")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> driver.findElement(By.cssSelector(first)).getDomAttribute("data-drawn-t"),
                        t -> String.valueOf(newest).equals(t));
        assertThat(driver.findElement(By.cssSelector(last)).getDomAttribute("data-drawn-t"))
                .as("a chart far below the fold is not drawn")
                .isEqualTo(drawnBefore);

        js("document.querySelector(\"" + last + "\").scrollIntoView()");
        await("drawn once seen")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> driver.findElement(By.cssSelector(last)).getDomAttribute("data-drawn-t"),
                        t -> String.valueOf(newest).equals(t));
        assertThat(driver.findElement(By.cssSelector(last + " tr[data-series='chart_11-0'] td[data-role='value']"))
                        .getText())
                .isEqualTo("111.00");
    }

    @Test
    void everyChartHasATableViewReachedByKeyboard() {
        String key = "table";
        start(key, Duration.ofMillis(50), expected(0, 7));
        open("?window=15");
        WebElement button = driver.findElement(By.cssSelector("[data-chart='" + CPU + "'] button.table-toggle"));
        assertThat(button.getTagName()).isEqualTo("button");
        assertThat(button.getDomAttribute("aria-expanded")).isEqualTo("false");
        button.sendKeys(Keys.ENTER);
        assertThat(button.getDomAttribute("aria-expanded")).isEqualTo("true");
        WebElement box = driver.findElement(By.id(button.getDomAttribute("aria-controls")));
        WebElement table = box.findElement(By.cssSelector("table"));
        assertThat(table.findElement(By.tagName("caption")).getText())
                .startsWith("Moving average CPU percent")
                .contains("7 samples");
        assertThat(table.findElements(By.cssSelector("thead th")))
                .extracting(WebElement::getText)
                .containsExactly("time", "CPU 0", "CPU 1", "CPU 2", "CPU 3");
        assertThat(table.findElements(By.cssSelector("thead th")))
                .allSatisfy(th -> assertThat(th.getDomAttribute("scope")).isEqualTo("col"));
        List<WebElement> rows = table.findElements(By.cssSelector("tbody tr"));
        assertThat(rows).hasSize(7);
        JsonNode newest = readTree(expected(6, 7).get(0));
        List<String> legend =
                driver.findElements(By.cssSelector("[data-chart='" + CPU + "'] td[data-role='value']")).stream()
                        .map(WebElement::getText)
                        .toList();
        assertThat(rows.get(0).findElements(By.tagName("td")))
                .extracting(WebElement::getText)
                .as("the newest row, as the legend shows it")
                .isEqualTo(legend);
        assertThat(Double.parseDouble(legend.get(3).replace(" %", "").replace(",", "")))
                .isCloseTo(newest.get(CPU + "-3").asDouble(), org.assertj.core.data.Offset.offset(0.01));

        write(key, expected(7, 8).get(0));
        await("the open table follows the data")
                .atMost(Duration.ofSeconds(10))
                .until(() -> box.findElements(By.cssSelector("tbody tr")).size() == 8);
        button.sendKeys(Keys.ENTER);
        assertThat(box.isDisplayed()).isFalse();
    }

    @Test
    void axeFindsNoViolationInEitherThemeWithATableViewScrolling() {
        String key = "axe";
        start(key, Duration.ofMillis(50), expected(0, 40));
        for (String theme : List.of("light", "dark")) {
            open("?window=5&theme=" + theme + "&hide=" + CPU + "-2");
            driver.findElement(By.cssSelector("[data-chart='" + CPU + "'] .plot"))
                    .sendKeys("+");
            WebElement toggle = driver.findElement(By.cssSelector("[data-chart='" + CPU + "'] button.table-toggle"));
            toggle.click();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> driver.findElement(By.id("live")).isDisplayed());
            WebElement table = driver.findElement(By.id(toggle.getDomAttribute("aria-controls")));
            await("the table view scrolls").atMost(Duration.ofSeconds(5)).until(() ->
                    (Boolean) js("return arguments[0].scrollHeight > arguments[0].clientHeight", table));
            table.sendKeys(Keys.END);
            await("the keyboard scrolls the table view")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> number("return arguments[0].scrollTop", table) > 0);
            browser.screenshot(TARGET.resolve("dashboard-axe-" + theme + ".png"));
            Axe.assertNoViolation(
                    driver,
                    "single-host page, zoomed, a table view open, " + theme + " theme",
                    "color-contrast",
                    "button-name",
                    "th-has-data-cells",
                    "scrollable-region-focusable");
        }
    }
}
