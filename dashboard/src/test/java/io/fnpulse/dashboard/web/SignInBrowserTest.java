package io.fnpulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.dashboard.auth.SignInConfig;
import io.fnpulse.dashboard.auth.UsersFiles;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The page and its WebSocket in a real Chromium, with the sign-in on (signed in: charts and a live WebSocket; not
 * signed in: refused, no WebSocket) and off, and in every case the page's Content-Security-Policy in force with not
 * one violation reported (a listener for securitypolicyviolation is put in the page before its own scripts run).
 */
@ExtendWith(RedisExtension.class)
class SignInBrowserTest {

    private static final String USER = "ada";
    private static final String PASSWORD = "correct-horse-battery";
    private static final String KEY = "sign-in-page";
    /** Runs before the page's scripts (CDP), outside the page's CSP: collects what the browser reports. */
    private static final String CSP_LISTENER = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e =>"
            + " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

    private final TestRedis redis;
    private RunningDashboard dashboard;

    @TempDir
    Path dir;

    SignInBrowserTest(TestRedis redis) {
        this.redis = redis;
    }

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void signedInThePageChartsLiveOverItsWebSocketWithNoCspViolation() throws Exception {
        Browser.assumeInstalled();
        start(true);
        try (Browser browser = Browser.open(1280, 900, "light")) {
            ChromeDriver driver = browser.driver();
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_LISTENER));
            driver.get(dashboard.url("/").replace("http://", "http://" + USER + ":" + PASSWORD + "@"));

            awaitCharts(driver);
            await("the page's WebSocket, signed in")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> clients() == 1);
            double before = samples();
            redis.client().set(KEY, ProjectFiles.expectedOutput().get(7));
            await("a new sample").atMost(Duration.ofSeconds(20)).until(() -> samples() > before);
            assertNoCspViolation(driver, browser);
        }
    }

    @Test
    void notSignedInThePageIsRefusedAndOpensNoWebSocket() throws Exception {
        Browser.assumeInstalled();
        start(true);
        try (Browser browser = Browser.open(1280, 900, "light")) {
            ChromeDriver driver = browser.driver();
            driver.get(dashboard.url("/"));
            // Headless Chromium asks no one for a password: the page never loads, so it opens no WebSocket.
            Thread.sleep(3_000);
            assertThat(driver.findElements(By.cssSelector("article.card"))).isEmpty();
            assertThat(clients()).isZero();
        }
    }

    @Test
    void withSignInOffThePageChartsWithNoCspViolationEither() throws Exception {
        Browser.assumeInstalled();
        start(false);
        try (Browser browser = Browser.open(1280, 900, "dark")) {
            ChromeDriver driver = browser.driver();
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_LISTENER));
            driver.get(dashboard.url("/"));
            awaitCharts(driver);
            await().atMost(Duration.ofSeconds(20)).until(() -> clients() == 1);
            assertNoCspViolation(driver, browser);
        }
    }

    private void start(boolean signIn) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "REDIS_HOST",
                redis.host(),
                "REDIS_PORT",
                Integer.toString(redis.port()),
                "REDIS_OUTPUT_KEY",
                KEY,
                "POLL_INTERVAL_SECONDS",
                "0.5",
                DashboardConfig.LISTEN_ADDRESS,
                "127.0.0.1"));
        if (signIn) {
            env.put(
                    SignInConfig.USERS_FILE,
                    UsersFiles.fromJava(dir, USER, PASSWORD).toString());
        }
        dashboard = RunningDashboard.start(DashboardConfig.fromEnv(new Env(env)).withPort(0));
        for (String output : ProjectFiles.expectedOutput().subList(0, 4)) {
            double before = samples();
            redis.client().set(KEY, output);
            await("a sample").atMost(Duration.ofSeconds(20)).until(() -> samples() > before);
        }
    }

    private static void awaitCharts(ChromeDriver driver) {
        await("a chart per metric")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> driver.findElements(By.cssSelector("article.card[data-chart]")),
                        cards -> cards.size() == 3);
    }

    private static String basic() {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Browsers connected to /ws, as the dashboard counts them (the probe and metrics paths need no sign-in). */
    private double clients() {
        return dashboard.metric("fnpulse_dashboard_ws_clients", "");
    }

    /** Samples the dashboard recorded (read from /metrics, which needs no sign-in). */
    private double samples() {
        return dashboard.metric("fnpulse_dashboard_samples_total", "");
    }

    /** The policy is the page's (the header on what the browser loaded), and the page reports nothing against it. */
    private void assertNoCspViolation(ChromeDriver driver, Browser browser) {
        assertThat(dashboard.get("/", "Authorization", basic()).headers().firstValue("Content-Security-Policy"))
                .contains(SecurityHeaders.CONTENT_SECURITY_POLICY);
        Object reported = driver.executeScript("return window.__cspViolations;");
        assertThat((List<?>) reported).as("violations the page reported").isEmpty();
        assertThat(browser.console())
                .as("the browser's console")
                .noneMatch(line -> line.contains("Content Security Policy"));
    }
}
