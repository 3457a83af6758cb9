package io.fnpulse.bench.fleet;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.DashboardJvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.OutputValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The dashboard in fleet mode ({@code REDIS_OUTPUT_KEY=bench-fleet:*}) with {@code --hosts} outputs, each with its
 * runtime's {@code :status} and {@code :env} beside it, all rewritten once a second: how long until every host is
 * listed with a sample, how long a new host takes to be listed (the promise: within 10 s), the time and size of the
 * page's reads ({@code /api/hosts}, {@code /api/fleet}), and the dashboard's CPU and resident memory.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.fleet.FleetDashboardLoad
 *     [--hosts 1000] [--seconds 60] [--poll 2.5] [--jvm "..."]</pre>
 */
public final class FleetDashboardLoad {

    private static final String PREFIX = "bench-fleet:";

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int hosts = options.integer("hosts", 1_000);
        int seconds = options.integer("seconds", 60);
        String poll = options.string("poll", "2.5");
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.println("fleet dashboard: " + hosts + " hosts rewritten every second, poll " + poll + " s; "
                + Machine.describe());
        HttpClient http = HttpClient.newHttpClient();
        try (BenchRedis redis = BenchRedis.start();
                Jedis jedis = redis.connect()) {
            System.out.println("Redis: " + redis.describe());
            write(jedis, hosts, 0, true);
            long started = System.nanoTime();
            try (DashboardJvm dashboard = DashboardJvm.start(redis, PREFIX + "*", "poll", poll, flags)) {
                String base = "http://127.0.0.1:" + dashboard.port();
                while (!allSampled(http, base, hosts)) {
                    Thread.sleep(100);
                }
                System.out.printf(
                        "listed      all %d hosts with a sample %.1f s after the process started%n",
                        hosts, (System.nanoTime() - started) / 1e9);

                Latencies appear = new Latencies();
                Latencies hostsRead = new Latencies();
                Latencies fleetRead = new Latencies();
                long hostsBytes = 0;
                long fleetBytes = 0;
                long cpuBefore = dashboard.process().cpuTicks();
                long runStarted = System.nanoTime();
                for (int second = 1; second <= seconds; second++) {
                    long tick = System.nanoTime();
                    write(jedis, hosts, second, false);
                    if (second % 5 == 0) {
                        long t0 = System.nanoTime();
                        hostsBytes = get(http, base + "/api/hosts").length();
                        hostsRead.add(System.nanoTime() - t0);
                        t0 = System.nanoTime();
                        fleetBytes = get(http, base + "/api/fleet?minutes=15").length();
                        fleetRead.add(System.nanoTime() - t0);
                    }
                    if (second % 12 == 0) {
                        // named to sort first: at the default MAX_HOSTS=1000 the last host by name makes room
                        String host = "a-new-" + second;
                        jedis.set(PREFIX + host, OutputValues.numbered(second));
                        long t0 = System.nanoTime();
                        while (!get(http, base + "/api/hosts").contains("\"host\":\"" + host + "\"")) {
                            if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                                throw new IllegalStateException(host + " not listed within 30 s");
                            }
                            Thread.sleep(50);
                        }
                        appear.add(System.nanoTime() - t0);
                        jedis.del(PREFIX + host);
                    }
                    long sleep = Duration.ofSeconds(1).toNanos() - (System.nanoTime() - tick);
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000);
                    }
                }
                double elapsed = (System.nanoTime() - runStarted) / 1e9;
                double cores = (dashboard.process().cpuTicks() - cpuBefore) / 100.0 / elapsed;
                System.out.println("new host    listed after " + appear.summary());
                System.out.println("/api/hosts  " + hostsRead.summary() + ", " + hostsBytes / 1024 + " KiB");
                System.out.println("/api/fleet  " + fleetRead.summary() + ", " + fleetBytes / 1024 + " KiB");
                System.out.printf(
                        "cpu         %.2f cores for the dashboard, %.2f per 1,000 hosts%n",
                        cores, cores * 1000 / hosts);
                System.out.printf(
                        "memory      resident %d MiB (peak %d MiB)%n",
                        dashboard.process().residentKib() / 1024,
                        dashboard.process().peakResidentKib() / 1024);
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static void write(Jedis jedis, int hosts, int seq, boolean ownKeys) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < hosts; i++) {
            String key = PREFIX + String.format("host-%04d", i);
            pipeline.set(key, OutputValues.numbered(seq + i));
            if (ownKeys) {
                pipeline.set(key + ":status", "{\"ok\":true}");
                pipeline.set(key + ":env", "{}");
            }
        }
        pipeline.sync();
    }

    private static boolean allSampled(HttpClient http, String base, int hosts) {
        try {
            String body = get(http, base + "/api/hosts");
            return body.split("\"host\":", -1).length - 1 == hosts && !body.contains("\"t\":null");
        } catch (Exception e) {
            return false;
        }
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
