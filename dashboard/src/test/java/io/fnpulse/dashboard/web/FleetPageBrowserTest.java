package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The fleet page in a real headless Chromium with 50 hosts, each with the runtime's own keys beside its output: the
 * picker lists exactly the hosts, the overview has a chart per metric with a line per host and the worst host
 * first, and the selected host, kept in the URL, gets the single-host charts.
 */
@ExtendWith(RedisExtension.class)
class FleetPageBrowserTest {

    private static final Path TARGET = Path.of("target");
    private static final int HOSTS = 50;

    private final TestRedis redis;
    private RunningDashboard dashboard;

    FleetPageBrowserTest(TestRedis redis) {
        this.redis = redis;
    }

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static String host(int i) {
        return String.format("host-%02d", i);
    }

    /**
     * Shaped like the metrics function's output. Memory caching grows with the host's number (host-50 is worst);
     * host-17's CPU and host-03's outgoing bytes are the highest; {@code round} moves every value a little.
     */
    private static String output(int i, int round) {
        double cpu = i == 17 ? 91 : 10 + i % 7;
        return String.format(
                Locale.ROOT,
                "{\"percentage_outgoing_bytes\": %.2f, \"percentage_memory_caching\": %.2f,"
                        + " \"moving_average_cpu_percent-0\": %.2f, \"moving_average_cpu_percent-1\": %.2f,"
                        + " \"moving_average_cpu_percent-2\": %.2f, \"moving_average_cpu_percent-3\": %.2f}",
                i == 3 ? 77.0 + round : 5.0 + i % 5 + round,
                20.0 + i + round * 0.1,
                cpu,
                cpu + 1,
                cpu + 2,
                cpu + 3);
    }

    private void write(int round) {
        for (int i = 1; i <= HOSTS; i++) {
            String key = "metrics-output:" + host(i);
            redis.client().set(key, output(i, round));
            redis.client()
                    .set(
                            key + ":status",
                            "{\"ok\": true, \"lastExecution\": \"" + Instant.now()
                                    + "\", \"durationMs\": 1.5, \"codeVersion\": \"code-" + host(i)
                                    + "\", \"error\": null}");
            redis.client().set(key + ":env", "{\"values\":{\"x\":1}}");
            redis.client().set(key + ":lock", "runtime-1");
        }
    }

    private static String worst(WebElement card) {
        return card.findElement(By.cssSelector(".worst li:first-child")).getDomAttribute("data-host");
    }

    private static String legendValue(ChromeDriver driver, String series) {
        return driver.findElement(By.cssSelector("#host-view tr[data-series='" + series + "'] td[data-role='value']"))
                .getText();
    }

    /** Fifty hosts with two rounds of values, and a dashboard that lists them all with a sample each. */
    private void startWithFiftyHosts() {
        write(0);
        dashboard = RunningDashboard.start(RunningDashboard.config(redis, "metrics-output:*", Duration.ofMillis(200)));
        await("the hosts' first samples").atMost(Duration.ofSeconds(20)).until(() -> {
            var hosts = dashboard.json("/api/hosts").get("hosts");
            return hosts.size() == HOSTS && hosts.findValues("t").stream().noneMatch(t -> t.isNull());
        });
        write(1);
    }

    private static void awaitPicker(ChromeDriver driver) {
        await("the picker lists the 50 hosts")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> new Select(driver.findElement(By.id("host-picker")))
                                .getOptions()
                                .size()
                        == HOSTS + 1);
    }

    /** Waits until the host view shows host i's charts with its newest values. */
    private static void awaitHost(ChromeDriver driver, int i) {
        String caching = String.format(Locale.ROOT, "%.2f", 20.0 + i + 0.1);
        await(host(i) + "'s charts")
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> driver.findElement(By.id("host-name")).getText().equals(host(i))
                        && driver.findElements(By.cssSelector("#host-view article.card[data-chart]"))
                                        .size()
                                == 3
                        && legendValue(driver, "percentage_memory_caching").startsWith(caching));
    }

    @Test
    void picksAmongFiftyHostsShowsTheOverviewWorstFirstAndKeepsTheHostInTheUrl() throws IOException {
        Browser.assumeInstalled();
        startWithFiftyHosts();

        try (Browser browser = Browser.open(1280, 1000, "light")) {
            ChromeDriver driver = browser.driver();
            driver.get(dashboard.url("/"));
            List<String> expected = IntStream.rangeClosed(1, HOSTS)
                    .mapToObj(FleetPageBrowserTest::host)
                    .toList();
            awaitPicker(driver);
            assertThat(new Select(driver.findElement(By.id("host-picker"))).getOptions())
                    .extracting(option -> option.getDomAttribute("value"))
                    .as("the overview, then exactly the hosts: no :status, :env or :lock key")
                    .containsExactlyElementsOf(
                            java.util.stream.Stream.concat(java.util.stream.Stream.of(""), expected.stream())
                                    .toList());

            List<WebElement> cards = await("a chart per metric, 50 lines each")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(
                            () -> driver.findElements(By.cssSelector("#overview article.fleet-card")),
                            c -> c.size() == 3
                                    && c.stream()
                                            .allMatch(card ->
                                                    String.valueOf(HOSTS).equals(card.getDomAttribute("data-lines"))));
            assertThat(cards)
                    .extracting(card -> card.getDomAttribute("data-metric"))
                    .containsExactly(
                            "percentage_outgoing_bytes", "percentage_memory_caching", "moving_average_cpu_percent");
            for (WebElement card : cards) {
                assertThat(card.findElements(By.cssSelector(".uplot canvas")))
                        .as("a uPlot chart")
                        .isNotEmpty();
                assertThat(card.findElements(By.cssSelector(".worst li"))).hasSize(5);
            }
            assertThat(worst(cards.get(0))).isEqualTo("host-03");
            assertThat(worst(cards.get(1))).isEqualTo("host-50");
            assertThat(cards.get(1).findElements(By.cssSelector(".worst li")))
                    .extracting(li -> li.getDomAttribute("data-host"))
                    .as("worst first")
                    .containsExactly("host-50", "host-49", "host-48", "host-47", "host-46");
            assertThat(worst(cards.get(2))).isEqualTo("host-17");
            browser.screenshot(TARGET.resolve("fleet-overview.png"));

            new Select(driver.findElement(By.id("host-picker"))).selectByValue("host-17");
            await("host-17's charts")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> driver.findElements(By.cssSelector("#host-view article.card[data-chart]"))
                                            .size()
                                    == 3
                            && legendValue(driver, "moving_average_cpu_percent-0")
                                    .startsWith("91.00"));
            assertThat(URI.create(driver.getCurrentUrl()).getQuery())
                    .as("the host and the window in the link")
                    .contains("host=host-17", "window=15");
            assertThat(driver.findElement(By.id("overview-view")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("host-name")).getText()).isEqualTo("host-17");
            await("host-17's runtime status")
                    .atMost(Duration.ofSeconds(10))
                    .ignoreExceptions()
                    .until(
                            () -> driver.findElement(By.id("status")).getText(),
                            text -> text.contains("Function OK") && text.contains("code code-host-17"));
            browser.screenshot(TARGET.resolve("fleet-host.png"));

            driver.navigate().back();
            await("back to the overview")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> driver.findElement(By.id("overview-view")).isDisplayed());

            driver.get(dashboard.url("/?host=host-05"));
            await("host-05 from the URL")
                    .atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() ->
                            legendValue(driver, "percentage_memory_caching").startsWith("25.10"));
            assertThat(driver.findElement(By.id("host-name")).getText()).isEqualTo("host-05");
            assertThat(new Select(driver.findElement(By.id("host-picker")))
                            .getFirstSelectedOption()
                            .getDomAttribute("value"))
                    .isEqualTo("host-05");

            for (String theme : List.of("light", "dark")) {
                driver.get(dashboard.url("/?theme=" + theme));
                await("the overview, " + theme)
                        .atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(() -> driver.findElements(By.cssSelector("#overview .fleet-card .worst li"))
                                        .size()
                                == 15);
                Axe.assertNoViolation(
                        driver, "fleet overview, " + theme + " theme", "color-contrast", "button-name", "select-name");
                driver.get(dashboard.url("/?host=host-05&theme=" + theme));
                await("host-05, " + theme)
                        .atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(() ->
                                legendValue(driver, "percentage_memory_caching").startsWith("25.10"));
                Axe.assertNoViolation(
                        driver, "fleet host view, " + theme + " theme", "color-contrast", "button-name", "select-name");
            }

            assertThat(browser.console())
                    .as("browser console errors (CSP violations show here)")
                    .noneMatch(line -> line.contains(Level.SEVERE.toString()));
        }
    }

    /**
     * Counts, from before the page's first script, what outlives a chart board if nobody takes it down: the targets
     * each ResizeObserver and IntersectionObserver observes, and the listeners on window, document and media queries.
     */
    private static final String COUNT_OBSERVERS_AND_LISTENERS = """
            (() => {
              const observers = new Set();
              for (const Kind of [ResizeObserver, IntersectionObserver]) {
                const { observe, unobserve, disconnect } = Kind.prototype;
                Kind.prototype.observe = function (target, options) {
                  (this.fnpulseTargets ??= new Set()).add(target);
                  observers.add(this);
                  return observe.call(this, target, options);
                };
                Kind.prototype.unobserve = function (target) {
                  this.fnpulseTargets?.delete(target);
                  return unobserve.call(this, target);
                };
                Kind.prototype.disconnect = function () {
                  this.fnpulseTargets?.clear();
                  return disconnect.call(this);
                };
              }
              const listeners = new Map();
              const kept = (target) => target === window || target === document || target instanceof MediaQueryList;
              const id = (type, options) => `${type}|${typeof options === 'boolean' ? options : Boolean(options?.capture)}`;
              const { addEventListener, removeEventListener } = EventTarget.prototype;
              EventTarget.prototype.addEventListener = function (type, listener, options) {
                if (listener && kept(this)) {
                  if (!listeners.has(this)) listeners.set(this, new Map());
                  const byType = listeners.get(this);
                  if (!byType.has(id(type, options))) byType.set(id(type, options), new Set());
                  byType.get(id(type, options)).add(listener);
                }
                return addEventListener.call(this, type, listener, options);
              };
              EventTarget.prototype.removeEventListener = function (type, listener, options) {
                listeners.get(this)?.get(id(type, options))?.delete(listener);
                return removeEventListener.call(this, type, listener, options);
              };
              window.fnpulseLive = () => ({
                observed: [...observers].reduce((n, o) => n + o.fnpulseTargets.size, 0),
                listeners: [...listeners.values()].flatMap((byType) => [...byType.values()])
                  .reduce((n, set) => n + set.size, 0),
              });
            })();""";

    /** What the host view holds now: charts, cursor-sync group members, observed targets, global listeners. */
    private static Map<String, Long> live(ChromeDriver driver) {
        Object counts = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/webjars/uplot/1.6.30/dist/uPlot.esm.js').then(({ default: uPlot }) => done({
                  cards: document.querySelectorAll('#cards article.card').length,
                  charts: document.querySelectorAll('#cards .uplot').length,
                  synced: uPlot.sync('fnpulse').plots.length,
                  ...window.fnpulseLive(),
                }));""");
        Map<String, Long> out = new java.util.TreeMap<>();
        ((Map<?, ?>) counts).forEach((k, v) -> out.put(k.toString(), ((Number) v).longValue()));
        return out;
    }

    @Test
    void clickingThroughFiftyHostsLeavesOneBoardOfChartsObserversAndListeners() {
        Browser.assumeInstalled();
        startWithFiftyHosts();
        try (Browser browser = Browser.open(1280, 1000, "light")) {
            ChromeDriver driver = browser.driver();
            driver.executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", COUNT_OBSERVERS_AND_LISTENERS));
            driver.get(dashboard.url("/"));
            awaitPicker(driver);
            await("the overview")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> driver.findElements(By.cssSelector("#overview .fleet-card .uplot"))
                                    .size()
                            == 3);
            Select picker = new Select(driver.findElement(By.id("host-picker")));
            picker.selectByValue(host(1));
            awaitHost(driver, 1);
            Map<String, Long> one = live(driver);
            assertThat(one)
                    .as("one host's board: a chart per metric, each in the cursor-sync group")
                    .containsEntry("cards", 3L)
                    .containsEntry("charts", 3L)
                    .containsEntry("synced", 3L);

            for (int i = 2; i <= HOSTS; i++) {
                picker.selectByValue(host(i));
                awaitHost(driver, i);
            }
            assertThat(live(driver)).as("after 50 hosts, what one host left").isEqualTo(one);
            assertThat(browser.console()).noneMatch(line -> line.contains(Level.SEVERE.toString()));
        }
    }
}
