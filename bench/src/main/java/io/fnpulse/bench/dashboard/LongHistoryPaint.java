package io.fnpulse.bench.dashboard;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.testsupport.browser.WideWindowProbe;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * A day of history on a new page: 86,400 one-second entries of 6 series in {@code <O>:history}, the dashboard jar with
 * {@code HISTORY_MINUTES=1440}, then a fresh headless Chromium opens the page. Prints the time from navigation to the
 * first paint with the whole window on the charts (targets &lt; 1 s) and the bytes the page received (HTTP and
 * WebSocket, target &lt; 1 MB), and the size of the history frame a page asking {@code ?window=1440&width=1280} gets.
 *
 * <p>{@code java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.dashboard.LongHistoryPaint [runs]}
 */
public final class LongHistoryPaint {

    private static final int SAMPLES = 86_400;
    private static final String KEY = "bench:long-history";

    private LongHistoryPaint() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.println("LongHistoryPaint: " + SAMPLES + " entries x 6 series; " + Machine.describe());
        try (BenchRedis redis = BenchRedis.start()) {
            long last = fill(redis);
            Map<String, String> env = new LinkedHashMap<>();
            int port = BenchRedis.freePort();
            env.put("PORT", Integer.toString(port));
            env.put("REDIS_HOST", redis.host());
            env.put("REDIS_PORT", Integer.toString(redis.port()));
            env.put("REDIS_OUTPUT_KEY", KEY);
            env.put("HISTORY_MINUTES", "1440");
            env.put("POLL_INTERVAL_SECONDS", "1");
            long started = System.nanoTime();
            try (ServiceProcess dashboard =
                    Jvm.start("dashboard-long-history", Checkout.dashboardJar(), List.of(), env)) {
                dashboard.awaitLine("dashboard listening on http://localhost:" + port, Duration.ofMinutes(1));
                int loaded = awaitLoaded(port, last);
                System.out.printf(
                        Locale.ROOT,
                        "dashboard loaded %,d samples in %.1f s from start%n",
                        loaded,
                        (System.nanoTime() - started) / 1e9);
                System.out.printf(
                        Locale.ROOT,
                        "history frame for ?window=1440&width=1280: %,d bytes%n",
                        historyFrameBytes(URI.create("ws://127.0.0.1:" + port + "/ws?window=1440&width=1280")));
                System.out.printf(
                        Locale.ROOT,
                        "history frame without parameters: %,d bytes%n",
                        historyFrameBytes(URI.create("ws://127.0.0.1:" + port + "/ws")));
                for (int run = 1; run <= runs; run++) {
                    paint(port, last - (SAMPLES - 1) * 1_000L, run);
                }
                dashboard.terminate(Duration.ofSeconds(30));
            }
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static long fill(BenchRedis redis) {
        long now = System.currentTimeMillis();
        long first = now - SAMPLES * 1_000L + 60_000; // a minute inside the day, so none falls out while it loads
        long t = first;
        try (Jedis jedis = redis.connect()) {
            Pipeline pipeline = jedis.pipelined();
            String json = "";
            for (int i = 0; i < SAMPLES; i++) {
                t = first + i * 1_000L;
                json = String.format(
                        Locale.ROOT,
                        "{\"cpu-0\": %.1f, \"cpu-1\": %.1f, \"cpu-2\": %.1f, \"cpu-3\": %.1f,"
                                + " \"memory_percent\": %.2f, \"load\": %.3f}",
                        10.0 + i % 50,
                        20.0 + i % 30,
                        30.0 + i % 20,
                        40.0 + i % 10,
                        50 + (i % 100) / 10.0,
                        (i % 400) / 100.0);
                pipeline.xadd(KEY + ":history", new StreamEntryID(t, 0), Map.of("data", json));
                if (i % 5_000 == 0) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
            jedis.set(KEY, json);
        }
        return t;
    }

    private static int awaitLoaded(int port, long last) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Pattern samples = Pattern.compile("(?m)^fnpulse_dashboard_samples_total\\{[^}]*\\} (\\S+)$");
        while (System.nanoTime() < deadline) {
            String latest = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/latest"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            if (latest.contains("\"t\":" + last + ",")) {
                String scrape = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                Matcher count = samples.matcher(scrape);
                return count.find() ? (int) Double.parseDouble(count.group(1)) : -1;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the dashboard did not load the history within 3 minutes");
    }

    private static long historyFrameBytes(URI uri) throws Exception {
        CompletableFuture<Long> size = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean lastPart) {
                        text.append(data);
                        if (lastPart) {
                            if (!size.isDone()) {
                                size.complete((long)
                                        text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        long bytes = size.get(60, TimeUnit.SECONDS);
        socket.abort();
        return bytes;
    }

    private static void paint(int port, long firstT, int run) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("fnpulse.chromium", "/usr/bin/chromium"));
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--window-size=1280,900",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Checkout.root().resolve("bench/target/chromium-" + System.nanoTime()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(
                        new java.io.File(System.getProperty("fnpulse.chromedriver", "/usr/bin/chromedriver")))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", WideWindowProbe.COUNT_WEBSOCKET_BYTES));
            driver.get("http://127.0.0.1:" + port + "/?window=1440");
            driver.manage().timeouts().scriptTimeout(Duration.ofMinutes(2));
            // done when the day is drawn from its first minute: the page's wide window, thinned by the server
            List<?> result =
                    (List<?>) driver.executeAsyncScript(WideWindowProbe.AWAIT_WIDE_WINDOW, 1440, firstT + 60_000);
            double ms = ((Number) result.get(0)).doubleValue();
            long http = ((Number) result.get(1)).longValue();
            long ws = ((Number) result.get(2)).longValue();
            System.out.printf(
                    Locale.ROOT,
                    "run %d: first full paint %.0f ms after navigation to ?window=1440 (the"
                            + " day drawn from %tT); received %,d bytes over HTTP + %,d over the WebSocket = %,d; load average %s%n",
                    run,
                    ms,
                    ((Number) result.get(3)).longValue(),
                    http,
                    ws,
                    http + ws,
                    Machine.loadAverage());
        } finally {
            driver.quit();
        }
    }
}
