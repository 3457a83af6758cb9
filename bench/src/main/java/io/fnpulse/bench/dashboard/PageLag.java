package io.fnpulse.bench.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.DashboardJvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.Jedis;

/**
 * How far behind the page is with many series arriving fast: the real dashboard jar (TRIGGER=notify, so every SET is
 * a sample) and a real Redis, one output value of {@code --series} numbers ({@code --charts} charts) written
 * {@code --rate} times a second for {@code --seconds}, and the page in headless Chromium. Every half second the
 * harness asks the page for the newest sample time drawn on a chart on screen; the lag is the page's clock minus
 * that (it includes up to one sample interval and the server's own delay). At the end it compares the samples the
 * page holds with those the server sent.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.dashboard.PageLag
 *     [--series 1000] [--charts 50] [--rate 5] [--seconds 60] [--warmup 3] [--jvm "flags"]</pre>
 *
 * {@code -Dfnpulse.dashboard.jar=<jar>} measures another build of the dashboard (an older page).
 */
public final class PageLag {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // The newest time in any chart's uPlot data: what its last setData drew. Written against uPlot rather than the
    // page's own markup so that it measures an older page too (whose times are in seconds).
    private static final String DRAWN = "(() => { const cards = [...document.querySelectorAll('article.card')];"
            + " const plots = [...document.querySelectorAll('.plot')].map(p => p.card && p.card.plot).filter(Boolean);"
            + " const drawn = Math.max(0, ...plots.map(u => { const x = u.data[0];"
            + " const v = x.length ? x[x.length - 1] : 0; return v < 1e11 ? v * 1000 : v; }));"
            + " const kept = /([0-9]+) samples kept/.exec(document.getElementById('window-info').textContent);"
            + " return { now: Date.now(), drawn, cards: cards.length, kept: kept ? Number(kept[1]) : -1 }; })()";

    private PageLag() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int series = options.integer("series", 1_000);
        int charts = options.integer("charts", 50);
        int rate = options.integer("rate", 5);
        int seconds = options.integer("seconds", 60);
        int warmup = options.integer("warmup", 3);
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.printf(
                Locale.ROOT,
                "page lag: %d series in %d charts, %d samples/s for %d s; %s%n",
                series,
                charts,
                rate,
                seconds,
                Machine.describe());
        String key = "bench-page-lag";
        SplittableRandom random = new SplittableRandom(13);
        try (BenchRedis redis = BenchRedis.start();
                Jedis jedis = redis.connect()) {
            jedis.set(key, value(series, charts, random));
            try (DashboardJvm dashboard = DashboardJvm.start(redis, key, "notify", "2.5", flags);
                    HeadlessChromium page = HeadlessChromium.open(dashboard.httpUri("/"), 1280, 900)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (page.evaluate(DRAWN, Duration.ofSeconds(30))
                                .path("cards")
                                .asInt()
                        < charts) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the page did not show " + charts + " charts within 60 s");
                    }
                    Thread.sleep(200);
                }
                AtomicInteger written = new AtomicInteger();
                ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
                Jedis writing = redis.connect();
                writer.scheduleAtFixedRate(
                        () -> {
                            writing.set(key, value(series, charts, random));
                            written.incrementAndGet();
                        },
                        0,
                        1_000_000 / rate,
                        TimeUnit.MICROSECONDS);
                Latencies lag = new Latencies();
                Latencies answer = new Latencies();
                // the first seconds are not counted: the page still shows the value written before the writer began
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                JsonNode last = null;
                while (System.nanoTime() < end) {
                    Thread.sleep(500);
                    long asked = System.nanoTime();
                    last = page.evaluate(DRAWN, Duration.ofSeconds(30));
                    answer.add(System.nanoTime() - asked);
                    lag.add(TimeUnit.MILLISECONDS.toNanos(
                            last.get("now").asLong() - last.get("drawn").asLong()));
                }
                writer.shutdown();
                writer.awaitTermination(5, TimeUnit.SECONDS);
                writing.close();
                long finalLag = last == null
                        ? -1
                        : last.get("now").asLong() - last.get("drawn").asLong();
                int serverSamples = serverSamples(dashboard);
                JsonNode settled = null;
                long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                do {
                    Thread.sleep(200);
                    settled = page.evaluate(DRAWN, Duration.ofSeconds(30));
                } while (settled.get("kept").asInt() < serverSamples && System.nanoTime() < settle);
                System.out.println("lag of the newest sample on screen (sampled every 0.5 s):  " + lag.summary());
                System.out.println("page's answer to an evaluate (main thread busy):        " + answer.summary());
                System.out.printf(
                        Locale.ROOT,
                        "lag at the end of %d s (after %d s not counted): %d ms; values written %d, samples on the"
                                + " server %d, in the page %d%s%n",
                        seconds,
                        warmup,
                        finalLag,
                        written.get(),
                        serverSamples,
                        settled.get("kept").asInt(),
                        settled.get("kept").asInt() == serverSamples ? " (none dropped)" : " (MISMATCH)");
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static int serverSamples(DashboardJvm dashboard) throws Exception {
        HttpResponse<String> history = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(dashboard.httpUri("/api/history"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(history.body()).get("samples").size();
    }

    /** Series "chart_c-i": {@code charts} charts of series / charts series each. */
    private static String value(int series, int charts, SplittableRandom random) {
        ObjectNode value = MAPPER.createObjectNode();
        int perChart = Math.max(1, series / charts);
        for (int s = 0; s < series; s++) {
            value.put(
                    "chart_" + (s / perChart) + "-" + (s % perChart),
                    Math.round(random.nextDouble(0, 1000) * 100) / 100.0);
        }
        return value.toString();
    }
}
