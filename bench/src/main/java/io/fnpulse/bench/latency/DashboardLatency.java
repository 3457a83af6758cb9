package io.fnpulse.bench.latency;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.BrowserSocket;
import io.fnpulse.bench.rig.DashboardJvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.OutputValues;
import java.net.http.HttpClient;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * SET of an output value → its sample frame received by a browser's WebSocket, through the real dashboard jar and a
 * real Redis, for the dashboard's default poll (2.5 s) and TRIGGER=notify. One browser, one value at a time.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.latency.DashboardLatency
 *     [--case notify|poll-2.5s]... [--inputs 1000] [--slow-inputs 60] [--jvm "flags"]</pre>
 */
public final class DashboardLatency {

    private record Arrival(int seq, long nanos) {}

    private final BenchRedis redis;
    private final List<String> jvmFlags;
    private final SplittableRandom random = new SplittableRandom(11);

    private DashboardLatency(BenchRedis redis, List<String> jvmFlags) {
        this.redis = redis;
        this.jvmFlags = jvmFlags;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> chosen = options.all("case");
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.println(
                "dashboard latency: SET output -> sample frame at a browser WebSocket; " + Machine.describe());
        try (BenchRedis redis = BenchRedis.start()) {
            System.out.println("Redis: " + redis.describe());
            DashboardLatency harness = new DashboardLatency(redis, flags);
            if (chosen.isEmpty() || chosen.contains("notify")) {
                harness.run("notify", "notify", "2.5", options.integer("inputs", 1_000), 200, 2);
            }
            if (chosen.isEmpty() || chosen.contains("poll-2.5s")) {
                harness.run("poll-2.5s", "poll", "2.5", options.integer("slow-inputs", 60), 2, 2_500);
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private void run(String name, String trigger, String pollSeconds, int inputs, int warmup, long maxPauseMillis)
            throws Exception {
        String key = "bench-dash-" + name;
        BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newHttpClient();
        try (Jedis jedis = redis.connect()) {
            jedis.set(key, OutputValues.numbered(0));
            try (DashboardJvm dashboard = DashboardJvm.start(redis, key, trigger, pollSeconds, jvmFlags)) {
                BrowserSocket browser = BrowserSocket.open(
                                http,
                                dashboard.socketUri(),
                                0,
                                false,
                                (client, seq, nanos) -> arrivals.add(new Arrival(seq, nanos)))
                        .get(30, TimeUnit.SECONDS);
                if (!browser.awaitHistory(30_000)) {
                    throw new IllegalStateException("no history frame within 30 s");
                }
                send(jedis, key, arrivals, 1, warmup, maxPauseMillis);
                Result result = send(jedis, key, arrivals, 1 + warmup, inputs, maxPauseMillis);
                System.out.printf(
                        "%-10s %s  (%d warm-up values not counted; missed %d)%n",
                        name, result.latencies().summary(), warmup, result.missed());
                browser.close();
            }
        }
    }

    private record Result(Latencies latencies, int missed) {}

    private Result send(
            Jedis jedis, String key, BlockingQueue<Arrival> arrivals, int first, int count, long maxPauseMillis)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        int missed = 0;
        for (int seq = first; seq < first + count; seq++) {
            TimeUnit.NANOSECONDS.sleep(random.nextLong(TimeUnit.MILLISECONDS.toNanos(maxPauseMillis)));
            arrivals.clear();
            long sent = System.nanoTime();
            jedis.set(key, OutputValues.numbered(seq));
            Arrival arrival = awaitSeq(arrivals, seq, 15_000);
            if (arrival == null) {
                missed++;
            } else {
                latencies.add(arrival.nanos() - sent);
            }
        }
        return new Result(latencies, missed);
    }

    private static Arrival awaitSeq(BlockingQueue<Arrival> arrivals, int seq, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Arrival arrival = arrivals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (arrival == null || arrival.seq() == seq) {
                return arrival;
            }
        }
    }
}
