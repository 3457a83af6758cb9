package io.fnpulse.bench.fanout;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.BrowserSocket;
import io.fnpulse.bench.rig.DashboardJvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.OutputValues;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Many browsers on one dashboard: SET of an output value → its sample frame at every browser, with 1,000 WebSockets
 * open (and optionally some stalled ones that stopped reading), and the dashboard's CPU and resident memory
 * meanwhile. The browsers run in this JVM on the same 2 cores, so their cost is in the figures too: printed apart.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.fanout.FanoutLatency
 *     [--clients 1000] [--stalled 0] [--samples 200] [--gap-ms 200] [--trigger notify] [--jvm "flags"]</pre>
 */
public final class FanoutLatency {

    private FanoutLatency() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int clients = options.integer("clients", 1_000);
        int stalled = options.integer("stalled", 0);
        int samples = options.integer("samples", 200);
        int warmup = options.integer("warmup", 20);
        long gapMillis = options.integer("gap-ms", 200);
        String trigger = options.string("trigger", "notify");
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.printf(
                "dashboard fan-out: %d browsers (+%d stalled), %d samples %d ms apart, trigger %s; %s%n",
                clients, stalled, samples, gapMillis, trigger, Machine.describe());
        String key = "bench-fanout";
        ExecutorService browserThreads = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().executor(browserThreads).build();
        Deliveries deliveries = new Deliveries(warmup + samples, clients + stalled);
        try (BenchRedis redis = BenchRedis.start();
                Jedis jedis = redis.connect()) {
            jedis.set(key, OutputValues.numbered(0));
            try (DashboardJvm dashboard = DashboardJvm.start(redis, key, trigger, "2.5", flags)) {
                Thread.sleep(2_000);
                long idleKib = dashboard.process().residentKib();
                List<BrowserSocket> browsers = connect(http, dashboard, clients, stalled, deliveries);
                Thread.sleep(2_000);
                long connectedKib = dashboard.process().residentKib();
                send(jedis, key, deliveries, 1, warmup, gapMillis, clients);

                long cpuBefore = dashboard.process().cpuTicks();
                long ownCpuBefore = ownCpuNanos();
                long wallBefore = System.nanoTime();
                send(jedis, key, deliveries, warmup + 1, samples, gapMillis, clients);
                double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
                double dashboardCpuSeconds = (dashboard.process().cpuTicks() - cpuBefore) / 100.0;
                double ownCpuSeconds = (ownCpuNanos() - ownCpuBefore) / 1e9;
                long afterKib = dashboard.process().residentKib();

                Deliveries.Summary summary = deliveries.summarise(warmup + 1, warmup + samples, clients);
                System.out.println(
                        "every delivery       " + summary.all().summary() + "  (missing " + summary.missing() + ")");
                System.out.println(
                        "last browser/sample  " + summary.lastBrowser().summary());
                System.out.printf(
                        Locale.ROOT,
                        "dashboard CPU %.1f s over %.1f s = %.0f%% of one core, %.2f ms per sample"
                                + " sent to %d browsers; harness (browsers + writer) CPU %.0f%% of one core%n",
                        dashboardCpuSeconds,
                        wallSeconds,
                        100 * dashboardCpuSeconds / wallSeconds,
                        1000 * dashboardCpuSeconds / samples,
                        clients,
                        100 * ownCpuSeconds / wallSeconds);
                System.out.printf(
                        Locale.ROOT,
                        "dashboard RSS: idle %.1f MiB, %d browsers connected %.1f MiB, after the"
                                + " run %.1f MiB (peak %.1f MiB)%n",
                        idleKib / 1024.0,
                        clients + stalled,
                        connectedKib / 1024.0,
                        afterKib / 1024.0,
                        dashboard.process().peakResidentKib() / 1024.0);
                browsers.forEach(BrowserSocket::close);
            }
        } finally {
            browserThreads.shutdownNow();
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static List<BrowserSocket> connect(
            HttpClient http, DashboardJvm dashboard, int clients, int stalled, Deliveries deliveries) throws Exception {
        List<BrowserSocket> browsers = new ArrayList<>();
        int total = clients + stalled;
        for (int from = 0; from < total; from += 50) {
            List<CompletableFuture<BrowserSocket>> opening = new ArrayList<>();
            for (int i = from; i < Math.min(total, from + 50); i++) {
                opening.add(BrowserSocket.open(http, dashboard.socketUri(), i, i >= clients, deliveries));
            }
            for (CompletableFuture<BrowserSocket> open : opening) {
                browsers.add(open.get(30, TimeUnit.SECONDS));
            }
        }
        for (BrowserSocket browser : browsers) {
            if (!browser.awaitHistory(30_000)) {
                throw new IllegalStateException("a browser got no history frame within 30 s");
            }
        }
        return browsers;
    }

    /** One value at a time: written, then awaited at every live browser (or 5 s), then a gap. */
    private static void send(
            Jedis jedis, String key, Deliveries deliveries, int first, int count, long gapMillis, int liveClients)
            throws InterruptedException {
        for (int seq = first; seq < first + count; seq++) {
            deliveries.sent(seq, System.nanoTime());
            jedis.set(key, OutputValues.numbered(seq));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (deliveries.receivedCount(seq) < liveClients && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(gapMillis);
        }
    }

    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
