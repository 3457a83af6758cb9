package io.fnpulse.bench.latency;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.CommandCounts;
import io.fnpulse.bench.rig.EchoFunction;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.KeyWrites;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * SET of a new input → output written, through the real runtime jar and a real Redis, for TRIGGER=poll at 5 s,
 * poll at 50 ms and notify, and notify with the echo function in Python (run in the runtime's worker by
 * {@code --python}, default /usr/bin/python3). "Written" is when Redis announces the SET of the output key on its keyspace channel.
 * Inputs go one at a time: each waits for its output, so every figure is one input's full reaction time.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.latency.TriggerLatency
 *     [--case redis-only|notify|notify-py|poll-50ms|poll-5s]... [--inputs 1000] [--warmup 200] [--slow-inputs 60]
 *     [--jvm "-XX:+UseSerialGC ..."] [--python /usr/bin/python3]</pre>
 */
public final class TriggerLatency {

    private final BenchRedis redis;
    private final List<String> jvmFlags;
    private final SplittableRandom random = new SplittableRandom(7);
    private final Snapshots snapshots = new Snapshots(4);

    private final String python;

    private TriggerLatency(BenchRedis redis, List<String> jvmFlags, String python) {
        this.redis = redis;
        this.jvmFlags = jvmFlags;
        this.python = python;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int inputs = options.integer("inputs", 1_000);
        int slowInputs = options.integer("slow-inputs", 60);
        List<TriggerCase> all = List.of(
                new TriggerCase(
                        "notify", "notify", Duration.ofSeconds(5), inputs, options.integer("warmup", 200), false),
                new TriggerCase(
                        "notify-py", "notify", Duration.ofSeconds(5), inputs, options.integer("warmup", 200), true),
                new TriggerCase("poll-50ms", "poll", Duration.ofMillis(50), inputs, 100, false),
                new TriggerCase("poll-5s", "poll", Duration.ofSeconds(5), slowInputs, 2, false));
        List<String> chosen = options.all("case");
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.println("trigger latency: SET input -> output written; " + Machine.describe());
        System.out.println("runtime JVM flags: " + (flags.isEmpty() ? "(none)" : String.join(" ", flags)));
        try (BenchRedis redis = BenchRedis.start()) {
            System.out.println("Redis: " + redis.describe());
            TriggerLatency harness = new TriggerLatency(redis, flags, options.string("python", "/usr/bin/python3"));
            if (chosen.isEmpty() || chosen.contains("redis-only")) {
                harness.floor(inputs);
            }
            for (TriggerCase one : all) {
                if (chosen.isEmpty() || chosen.contains(one.name())) {
                    harness.run(one);
                }
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private void run(TriggerCase one) throws Exception {
        String in = "bench-in-" + one.name();
        String out = "bench-out-" + one.name();
        try (Scratch scratch = Scratch.create("latency");
                Jedis jedis = redis.connect();
                KeyWrites writes = new KeyWrites(redis, out);
                ServiceProcess runtime = Jvm.start(
                        "runtime-" + one.name(), Checkout.runtimeJar(), jvmFlags, env(one, in, out, scratch))) {
            jedis.del(in, out, out + ":env", out + ":status");
            runtime.awaitLine("serving /healthz", Duration.ofMillis(60_000));
            if (one.trigger().equals("notify")) {
                runtime.awaitLine("subscribed to __keyspace@0__:" + in, Duration.ofMillis(30_000));
            }
            long timeoutMillis = one.pollInterval().toMillis() * 2 + 10_000;
            Result warm = send(jedis, writes, in, out, 0, one.warmup(), one, timeoutMillis);
            if (warm.missed() > 0) {
                throw new IllegalStateException(
                        one.name() + ": the runtime missed " + warm.missed() + " warm-up inputs");
            }
            CommandCounts before = CommandCounts.read(jedis);
            Result result = send(jedis, writes, in, out, one.warmup(), one.inputs(), one, timeoutMillis);
            String commands = CommandCounts.read(jedis).perInputSince(before, one.inputs());
            System.out.printf(
                    "%-10s %s  (poll %s s; %d warm-up inputs not counted; missed %d, wrong output %d, extra writes %d)%n",
                    one.name(),
                    result.latencies().summary(),
                    one.pollSeconds(),
                    one.warmup(),
                    result.missed(),
                    result.wrong(),
                    result.extraWrites());
            System.out.printf(
                    "%-10s Redis commands per input, the harness's SET and GET and the commands scripts run"
                            + " included: %s%n",
                    "", commands);
            runtime.terminate(Duration.ofMillis(30_000));
        }
    }

    /**
     * The control: SET of the input → its own keyspace notification back at the harness, with no runtime involved.
     * Redis, the harness and the machine's scheduling put this floor under every other figure.
     */
    private void floor(int inputs) throws Exception {
        String key = "bench-in-floor";
        try (Jedis jedis = redis.connect();
                KeyWrites writes = new KeyWrites(redis, key)) {
            Latencies latencies = new Latencies();
            for (int seq = 0; seq < 200 + inputs; seq++) {
                String input = EchoFunction.input(snapshots, seq);
                TimeUnit.NANOSECONDS.sleep(random.nextLong(TimeUnit.MILLISECONDS.toNanos(2)));
                long sent = System.nanoTime();
                jedis.set(key, input);
                long written = writes.next(10_000);
                if (seq >= 200 && written >= 0) {
                    latencies.add(written - sent);
                }
            }
            System.out.printf(
                    "%-10s %s  (SET -> its own notification, no runtime: the floor; 200 warm-up not counted)%n",
                    "redis-only", latencies.summary());
        }
    }

    private Map<String, String> env(TriggerCase one, String in, String out, Scratch scratch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", in);
        env.put("REDIS_OUTPUT_KEY", out);
        Path function = one.python()
                ? EchoFunction.writePythonTo(scratch.resolve("function"))
                : EchoFunction.writeTo(scratch.resolve("function"));
        env.put("FUNCTION_PATH", function.toString());
        env.put("PYTHON", python);
        env.put("CODE_CACHE_DIR", scratch.resolve("code-cache").toString());
        env.put("POLL_INTERVAL_SECONDS", one.pollSeconds());
        env.put("TRIGGER", one.trigger());
        env.put("HTTP_PORT", "0");
        return env;
    }

    private record Result(Latencies latencies, int missed, int wrong, int extraWrites) {}

    private Result send(
            Jedis jedis,
            KeyWrites writes,
            String in,
            String out,
            int first,
            int count,
            TriggerCase one,
            long timeoutMillis)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        int missed = 0;
        int wrong = 0;
        int extra = 0;
        long maxPauseNanos = one.maxPause().toNanos();
        for (int seq = first; seq < first + count; seq++) {
            String input = EchoFunction.input(snapshots, seq);
            TimeUnit.NANOSECONDS.sleep(random.nextLong(maxPauseNanos));
            extra += drain(writes);
            long sent = System.nanoTime();
            jedis.set(in, input);
            long written = writes.next(timeoutMillis);
            if (written < 0) {
                missed++;
                continue;
            }
            latencies.add(written - sent);
            if (!EchoFunction.expectedOutput(seq).equals(jedis.get(out))) {
                wrong++;
            }
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(one.pollInterval().toMillis() * 2, 200));
        extra += drain(writes);
        return new Result(latencies, missed, wrong, extra);
    }

    /** Writes that nobody asked for: a double-processed input would show up here. */
    private static int drain(KeyWrites writes) throws InterruptedException {
        int extra = 0;
        while (writes.next(0) >= 0) {
            extra++;
        }
        return extra;
    }
}
