package io.fnpulse.bench.stream;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.KeyWrites;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * TRIGGER=stream with the metrics function, through the real runtime jar and a real Redis:
 * <ul>
 *   <li>throughput: a backlog of {@code --entries} snapshots appended in one pipeline, and the time until the
 *       group has acknowledged them all, so entries per second through the whole commit path;</li>
 *   <li>latency: one entry at a time, XADD → output written (its keyspace notification), after the warm-up and the
 *       backlog, not counted.</li>
 * </ul>
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.stream.StreamThroughput
 *     [--entries 20000] [--latency-entries 2000] [--warmup 5000] [--jvm "-XX:TieredStopAtLevel=1 ..."]</pre>
 */
public final class StreamThroughput {

    private static final String STREAM = "metrics:stream";
    private static final String OUT = "metrics-output";

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int entries = options.integer("entries", 20_000);
        int latencyEntries = options.integer("latency-entries", 2_000);
        int warmup = options.integer("warmup", 5_000);
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.println("stream trigger: metrics function, 4-CPU snapshots; " + Machine.describe());
        System.out.println("runtime JVM flags: " + (flags.isEmpty() ? "(none)" : String.join(" ", flags)));
        Snapshots snapshots = new Snapshots(4);
        try (BenchRedis redis = BenchRedis.start();
                Scratch scratch = Scratch.create("stream");
                Jedis jedis = redis.connect();
                KeyWrites writes = new KeyWrites(redis, OUT);
                ServiceProcess runtime =
                        Jvm.start("runtime-stream", Checkout.runtimeJar(), flags, env(redis, scratch))) {
            System.out.println("Redis: " + redis.describe());
            runtime.awaitLine("subscribed to __keyspace@0__:" + STREAM, Duration.ofSeconds(60));
            long seq = backlog(jedis, snapshots, 0, warmup);
            awaitAcknowledged(jedis, seq);

            long started = System.nanoTime();
            seq = backlog(jedis, snapshots, seq, entries);
            awaitAcknowledged(jedis, seq);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "throughput  %,d entries in %.2f s: %,.0f entries/s (after %,d warm-up entries)%n",
                    entries, seconds, entries / seconds, warmup);
            System.out.println("redis time per command (INFO commandstats, whole run): " + redisTime(jedis));

            TimeUnit.MILLISECONDS.sleep(200);
            while (writes.next(0) >= 0) {
                // the backlog's own writes
            }
            Latencies latencies = new Latencies();
            for (int i = 0; i < latencyEntries; i++) {
                TimeUnit.MICROSECONDS.sleep(200 + i % 800);
                long sent = System.nanoTime();
                jedis.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("data", snapshots.json(seq++)));
                long written = writes.next(10_000);
                if (written >= 0) {
                    latencies.add(written - sent);
                }
            }
            System.out.printf(
                    "latency     XADD -> output written: %s (%,d entries, one at a time)%n",
                    latencies.summary(), latencyEntries);
            runtime.terminate(Duration.ofSeconds(30));
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    /** The commands Redis spent most time on, with microseconds per call. */
    private static String redisTime(Jedis jedis) {
        List<String[]> stats = new java.util.ArrayList<>();
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    fields.put(field.substring(0, field.indexOf('=')), field.substring(field.indexOf('=') + 1));
                }
                stats.add(new String[] {
                    line.substring(8, line.indexOf(':')),
                    fields.get("usec"),
                    fields.get("usec_per_call"),
                    fields.get("calls")
                });
            }
        }
        stats.sort((a, b) -> Long.compare(Long.parseLong(b[1]), Long.parseLong(a[1])));
        StringBuilder out = new StringBuilder();
        for (String[] stat : stats.subList(0, Math.min(8, stats.size()))) {
            out.append(stat[0])
                    .append(' ')
                    .append(stat[2])
                    .append(" us x ")
                    .append(stat[3])
                    .append("; ");
        }
        return out.toString();
    }

    private static long backlog(Jedis jedis, Snapshots snapshots, long from, int count) {
        try (Pipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < count; i++) {
                pipeline.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("data", snapshots.json(from + i)));
            }
            pipeline.sync();
        }
        return from + count;
    }

    /** Until every entry appended so far has a calls log entry and none is pending. */
    private static void awaitAcknowledged(Jedis jedis, long appended) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (jedis.xlen(OUT + ":calls") >= appended
                    && jedis.xpending(STREAM, OUT).getTotal() == 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new IllegalStateException("the runtime did not acknowledge " + appended + " entries within 10 minutes");
    }

    private static Map<String, String> env(BenchRedis redis, Scratch scratch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", "metrics");
        env.put("REDIS_INPUT_STREAM", STREAM);
        env.put("REDIS_OUTPUT_KEY", OUT);
        env.put("TRIGGER", "stream");
        env.put("CALLS_LOG_LENGTH", "1000000");
        env.put("FUNCTION_PATH", Checkout.functionSource().toString());
        env.put("FUNCTION_HANDLER", "io.fnpulse.function.MetricsFunction::handle");
        env.put("CODE_CACHE_DIR", scratch.resolve("code-cache").toString());
        env.put("HTTP_PORT", "0");
        return env;
    }
}
