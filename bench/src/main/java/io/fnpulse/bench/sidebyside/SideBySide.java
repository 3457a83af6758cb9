package io.fnpulse.bench.sidebyside;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.KeyWrites;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.bench.stream.StreamDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import redis.clients.jedis.Jedis;

/**
 * fnpulse's runtime image and a seed-style Python runtime (bench/python/seed_runtime.py, the Python metrics function)
 * side by side, in one run, on one Redis, each figure beside the other's where both have one:
 * <ul>
 *   <li>time from process start (the exec of java in the container; the fork of python3) to the first output, with
 *       the metrics function compiled from source into an empty compile cache ("fresh") and from a cache an earlier
 *       container left ("warm"); the input is SET before the start, the output timed by its keyspace notification;
 *   <li>{@code TRIGGER=notify}: SET → output over the first {@code --first} inputs after that first output, one at a
 *       time, each after a random 0–2 ms pause (the Python runtime only polls);
 *   <li>resident memory (VmRSS) after {@code --calls} calls;
 *   <li>{@code TRIGGER=stream}: entries/s through a backlog, and XADD → output at {@code --rate} entries/s (the
 *       Python runtime has no stream trigger).
 * </ul>
 * The runtime runs as the image has it (ENTRYPOINT, with its JVM options file and AOT caches), hardened as k8s/ runs
 * it, on the host's network. Each start figure is the median of {@code --runs} interleaved runs.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.sidebyside.SideBySide
 *     [--image ghcr.io/fnpulse/runtime:0.1.0] [--engine podman] [--python /usr/bin/python3] [--runs 5]
 *     [--calls 1000] [--first 100] [--stream-warmup 5000] [--stream-entries 20000] [--rate 1000]
 *     [--rate-seconds 10] [--in-process true] [--limits "--memory 512m --cpus 1"]</pre>
 *
 * {@code --limits} gives the container limits (k8s/base gives the runtime 512 MiB and one CPU; none by default).
 * {@code --in-process true} adds runs that compile inside the runtime's JVM
 * ({@code JAVA_TOOL_OPTIONS=-Dfnpulse.compiler.inProcess=true}), for the resident memory both ways.
 */
public final class SideBySide {

    private static final String IN = "bench-in";
    private static final String OUT = "bench-out";
    private static final String HANDLER = "io.fnpulse.function.MetricsFunction::handle";

    private final Options options;
    private final BenchRedis redis;
    private final Path work;
    private final Path logs;
    private final Snapshots snapshots = new Snapshots(4);
    private final String engine;
    private final String image;
    private final List<String> engineOptions;

    private SideBySide(Options options, BenchRedis redis, Path work) throws Exception {
        this.options = options;
        this.redis = redis;
        this.work = work;
        this.logs = Files.createDirectories(Checkout.root().resolve("bench/target/bench-logs"));
        this.engine = options.string("engine", "podman");
        this.image = options.string("image", "ghcr.io/fnpulse/runtime:0.1.0");
        String limits = options.string("limits", "").strip();
        this.engineOptions = limits.isEmpty() ? List.of() : List.of(limits.split("\\s+"));
    }

    /** One start of a runtime, and what it did. */
    private record Run(long firstOutputNanos, Latencies firstInputs, long residentKib) {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.println(
                "fnpulse's runtime image and a seed-style Python runtime, side by side; " + Machine.describe());
        try (BenchRedis redis = BenchRedis.start();
                Scratch scratch = Scratch.create("side-by-side")) {
            System.out.println("Redis: " + redis.describe());
            new SideBySide(options, redis, scratch.dir()).measure();
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private void measure() throws Exception {
        describeImage();
        System.out.println("container limits: " + (engineOptions.isEmpty() ? "none" : String.join(" ", engineOptions)));
        int runs = options.integer("runs", 5);
        int calls = options.integer("calls", 1_000);
        int first = options.integer("first", 100);
        boolean inProcess = Boolean.parseBoolean(options.string("in-process", "false"));
        Path function = Files.createDirectories(work.resolve("function")).resolve("function.java");
        Files.copy(Checkout.functionSource(), function);
        Path warmCache = work.resolve("warm-cache");
        image("fill-warm-cache", function, warmCache, Map.of(), 0, 0); // not counted

        List<Run> fresh = new ArrayList<>();
        List<Run> warm = new ArrayList<>();
        List<Run> inProcessRuns = new ArrayList<>();
        List<Run> python = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            fresh.add(image("fresh-" + i, function, work.resolve("cache-" + i), Map.of(), first, calls));
            warm.add(image("warm-" + i, function, warmCache, Map.of(), first, calls));
            python.add(python("python-" + i, first, calls));
            if (inProcess) {
                inProcessRuns.add(image(
                        "in-process-" + i,
                        function,
                        work.resolve("cache-in-process-" + i),
                        Map.of("JAVA_TOOL_OPTIONS", "-Dfnpulse.compiler.inProcess=true"),
                        first,
                        calls));
            }
            System.out.printf(
                    Locale.ROOT,
                    "run %d: first output fresh %s, warm %s, python %s ms; RSS after %d calls fresh %.1f, warm %.1f,"
                            + " python %.1f MiB%s%n",
                    i + 1,
                    Latencies.ms(fresh.get(i).firstOutputNanos()),
                    Latencies.ms(warm.get(i).firstOutputNanos()),
                    Latencies.ms(python.get(i).firstOutputNanos()),
                    calls,
                    fresh.get(i).residentKib() / 1024.0,
                    warm.get(i).residentKib() / 1024.0,
                    python.get(i).residentKib() / 1024.0,
                    inProcess
                            ? String.format(
                                    Locale.ROOT,
                                    ", compiled in-process %.1f MiB",
                                    inProcessRuns.get(i).residentKib() / 1024.0)
                            : "");
        }
        StreamFigures stream = stream(function);

        System.out.println();
        System.out.printf(Locale.ROOT, "%-50s %-28s %-28s %s%n", "", "fnpulse image", "seed-style Python", "target");
        row(
                "first output, fresh compile (median)",
                ms(fresh, Run::firstOutputNanos),
                ms(python, Run::firstOutputNanos),
                "<= 500 ms");
        row(
                "first output, warm compile cache (median)",
                ms(warm, Run::firstOutputNanos),
                ms(python, Run::firstOutputNanos),
                "<= 250 ms");
        row("RSS after " + calls + " calls, fresh compile (median)", mib(fresh), mib(python), "<= 64 MB (61.0 MiB)");
        row("RSS after " + calls + " calls, warm cache (median)", mib(warm), "", "<= 64 MB (61.0 MiB)");
        if (inProcess) {
            row("RSS after " + calls + " calls, compiled in-process", mib(inProcessRuns), "", "");
        }
        row(
                "notify: p99 SET -> output, first " + first + " inputs",
                p99(fresh),
                "polls only (seed: every 5 s)",
                "< 2 ms");
        row("stream: entries/s (backlog)", stream.throughput(), "no stream trigger", ">= 10,000/s");
        row(
                "stream: p99 XADD -> output at " + options.integer("rate", 1_000) + "/s",
                stream.pacedP99(),
                "no stream trigger",
                "< 5 ms");
        System.out.println();
        System.out.println("notify, first " + first + " inputs, each run: " + summaries(fresh) + " (fresh); "
                + summaries(warm) + " (warm)");
        System.out.println("stream: " + stream.detail());
    }

    private void describeImage() {
        List<String> entrypoint = ImageRuntime.entrypoint(engine, image);
        System.out.println("image " + image + ", ENTRYPOINT " + String.join(" ", entrypoint));
        Path checkedIn = Checkout.root().resolve("docker/runtime.jvm-options");
        entrypoint.stream().filter(word -> word.startsWith("@")).findFirst().ifPresent(argfile -> {
            String inImage = ImageRuntime.file(engine, image, argfile.substring(1));
            String options = inImage.lines()
                    .filter(line -> !line.isBlank() && !line.strip().startsWith("#"))
                    .reduce((a, b) -> a + " " + b)
                    .orElse("");
            System.out.println("JVM options (" + argfile.substring(1) + "): " + options);
            try {
                if (!Files.readString(checkedIn).strip().equals(inImage.strip())) {
                    System.out.println("NOTE: the image's options differ from " + checkedIn + ": rebuild the image");
                }
            } catch (java.io.IOException e) {
                System.out.println("NOTE: cannot read " + checkedIn + ": " + e);
            }
        });
    }

    private Run image(String name, Path function, Path cache, Map<String, String> extraEnv, int first, int calls)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", IN);
        env.put("REDIS_OUTPUT_KEY", OUT);
        env.put("TRIGGER", "notify");
        env.put("FUNCTION_HANDLER", HANDLER);
        env.put("HTTP_PORT", "0");
        return measureRun(
                () -> ImageRuntime.start(
                        engine, image, "fnpulse-bench-" + name, env, function, cache, engineOptions, logs),
                first,
                calls,
                runtime -> runtime.awaitLine(
                        line -> line.contains("subscribed to __keyspace@0__:" + IN), Duration.ofSeconds(30)));
    }

    private Run python(String name, int first, int calls) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", IN);
        env.put("REDIS_OUTPUT_KEY", OUT);
        env.put("INTERVAL", "0.005");
        return measureRun(
                () -> SeedPython.start(
                        options.string("python", "/usr/bin/python3"),
                        Checkout.root(),
                        "seed-python-" + name,
                        env,
                        logs),
                first,
                calls,
                runtime -> null);
    }

    @FunctionalInterface
    private interface Starter {
        MeasuredRuntime start() throws Exception;
    }

    @FunctionalInterface
    private interface Ready {
        Object await(MeasuredRuntime runtime) throws Exception;
    }

    /** First output after the start, then {@code calls} more inputs one at a time; RSS at the end. */
    private Run measureRun(Starter starter, int first, int calls, Ready ready) throws Exception {
        try (Jedis jedis = redis.connect()) {
            jedis.flushAll();
            jedis.set(IN, snapshots.json(0));
            try (KeyWrites writes = new KeyWrites(redis, OUT);
                    MeasuredRuntime runtime = starter.start()) {
                long written = writes.next(120_000);
                if (written < 0) {
                    throw new IllegalStateException("no output within 120 s; it printed:\n" + runtime.output());
                }
                long firstOutput = written - runtime.startedNanos();
                Latencies firstInputs = new Latencies();
                if (calls > 0) {
                    ready.await(runtime);
                }
                for (int i = 1; i <= calls; i++) {
                    TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(2_000));
                    jedis.set(IN, snapshots.json(i));
                    long sent = System.nanoTime();
                    long at = writes.next(30_000);
                    if (at < 0) {
                        throw new IllegalStateException("input " + i + " wrote no output within 30 s");
                    }
                    if (i <= first) {
                        firstInputs.add(at - sent);
                    }
                }
                long resident = runtime.residentKib();
                runtime.stop();
                return new Run(firstOutput, firstInputs, resident);
            }
        }
    }

    private record StreamFigures(String throughput, String pacedP99, String detail) {}

    private StreamFigures stream(Path function) throws Exception {
        int warmup = options.integer("stream-warmup", 5_000);
        int entries = options.integer("stream-entries", 20_000);
        int rate = options.integer("rate", 1_000);
        int pacedEntries = rate * options.integer("rate-seconds", 10);
        try (Jedis jedis = redis.connect()) {
            jedis.flushAll();
            Map<String, String> env = StreamDriver.env(redis);
            try (MeasuredRuntime runtime = ImageRuntime.start(
                    engine,
                    image,
                    "fnpulse-bench-stream",
                    env,
                    function,
                    work.resolve("cache-stream"),
                    engineOptions,
                    logs)) {
                runtime.awaitLine(
                        line -> line.contains("subscribed to __keyspace@0__:" + StreamDriver.STREAM),
                        Duration.ofSeconds(120));
                StreamDriver driver = new StreamDriver(redis, jedis);
                driver.drain(warmup);
                double seconds = driver.drain(entries);
                Latencies paced = driver.paced(pacedEntries, rate);
                runtime.stop();
                return new StreamFigures(
                        String.format(Locale.ROOT, "%,.0f entries/s", entries / seconds),
                        Latencies.ms(paced.percentile(99)) + " ms",
                        String.format(
                                Locale.ROOT,
                                "%,d entries in %.2f s after %,d warm-up; XADD -> output at %,d/s: %s; Redis: %s",
                                entries,
                                seconds,
                                warmup,
                                rate,
                                paced.summary(),
                                driver.redisTime()));
            }
        }
    }

    private static void row(String what, String java, String python, String target) {
        System.out.printf(Locale.ROOT, "%-50s %-28s %-28s %s%n", what, java, python, target);
    }

    private static String ms(List<Run> runs, ToLongFunction<Run> figure) {
        return spread(runs, figure, value -> String.format(Locale.ROOT, "%.0f", value / 1e6), " ms");
    }

    private static String mib(List<Run> runs) {
        return spread(runs, Run::residentKib, value -> String.format(Locale.ROOT, "%.1f", value / 1024.0), " MiB");
    }

    /** The median over the runs of each run's p99. */
    private static String p99(List<Run> runs) {
        return spread(runs, run -> run.firstInputs().percentile(99), Latencies::ms, " ms");
    }

    /** "median unit (min-max)" of one figure of each run. */
    private static String spread(List<Run> runs, ToLongFunction<Run> figure, LongFunction<String> format, String unit) {
        Latencies values = new Latencies();
        runs.forEach(run -> values.add(figure.applyAsLong(run)));
        return format.apply(values.median()) + unit + " (" + format.apply(values.percentile(0.0001)) + "-"
                + format.apply(values.percentile(100)) + ")";
    }

    private static String summaries(List<Run> runs) {
        List<String> each = new ArrayList<>();
        runs.forEach(run -> each.add("p50 " + Latencies.ms(run.firstInputs().median()) + " p99 "
                + Latencies.ms(run.firstInputs().percentile(99))));
        return String.join(", ", each);
    }
}
