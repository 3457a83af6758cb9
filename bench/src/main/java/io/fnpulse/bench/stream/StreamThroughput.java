package io.fnpulse.bench.stream;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * TRIGGER=stream with the metrics function, through the real runtime jar and a real Redis:
 * <ul>
 *   <li>throughput: a backlog of {@code --entries} snapshots appended in one pipeline, and the time until the
 *       group has done them all, so entries per second through the whole commit path;</li>
 *   <li>latency: entries paced at {@code --rate} per second for {@code --rate-entries}, and one at a time for
 *       {@code --latency-entries}: XADD → its calls log entry, after the warm-up and the backlog.</li>
 * </ul>
 * bench/'s SideBySide runs the same through the runtime image.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.stream.StreamThroughput
 *     [--entries 20000] [--rate 1000] [--rate-entries 10000] [--latency-entries 2000] [--warmup 5000]
 *     [--jvm "-XX:TieredStopAtLevel=1 ..."]</pre>
 */
public final class StreamThroughput {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int entries = options.integer("entries", 20_000);
        int rate = options.integer("rate", 1_000);
        int rateEntries = options.integer("rate-entries", 10_000);
        int latencyEntries = options.integer("latency-entries", 2_000);
        int warmup = options.integer("warmup", 5_000);
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.println("stream trigger: metrics function, 4-CPU snapshots; " + Machine.describe());
        System.out.println("runtime JVM flags: " + (flags.isEmpty() ? "(none)" : String.join(" ", flags)));
        try (BenchRedis redis = BenchRedis.start();
                Scratch scratch = Scratch.create("stream");
                Jedis jedis = redis.connect();
                ServiceProcess runtime =
                        Jvm.start("runtime-stream", Checkout.runtimeJar(), flags, env(redis, scratch))) {
            System.out.println("Redis: " + redis.describe());
            runtime.awaitLine("subscribed to __keyspace@0__:" + StreamDriver.STREAM, Duration.ofSeconds(60));
            StreamDriver driver = new StreamDriver(redis, jedis);
            driver.drain(warmup);

            long runtimeTicks = runtime.cpuTicks();
            double redisCpu = driver.redisCpuSeconds();
            double seconds = driver.drain(entries);
            System.out.printf(
                    "throughput  %,d entries in %.2f s: %,.0f entries/s (after %,d warm-up entries)%n",
                    entries, seconds, entries / seconds, warmup);
            // CPU per entry says what the machine's load cannot: at 100 % of one core each, the runtime alone
            // would manage 1e6 / its figure entries a second
            System.out.printf(
                    "cpu         runtime %.0f us/entry, Redis %.0f us/entry (process CPU time over the drain)%n",
                    (runtime.cpuTicks() - runtimeTicks) * 10_000.0 / entries,
                    (driver.redisCpuSeconds() - redisCpu) * 1e6 / entries);
            System.out.println("redis time per command (INFO commandstats, whole run): " + driver.redisTime());
            Latencies paced = driver.paced(rateEntries, rate);
            System.out.printf("latency     XADD -> calls log entry at %,d entries/s: %s%n", rate, paced.summary());
            Latencies single = driver.oneAtATime(latencyEntries);
            System.out.printf("latency     XADD -> calls log entry, one at a time: %s%n", single.summary());
            runtime.terminate(Duration.ofSeconds(30));
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static Map<String, String> env(BenchRedis redis, Scratch scratch) {
        Map<String, String> env = StreamDriver.env(redis);
        env.put("FUNCTION_PATH", Checkout.functionSource().toString());
        env.put("CODE_CACHE_DIR", scratch.resolve("code-cache").toString());
        return env;
    }
}
