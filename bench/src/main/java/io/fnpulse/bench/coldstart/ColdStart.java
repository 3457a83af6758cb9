package io.fnpulse.bench.coldstart;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.KeyWrites;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Time from {@code java -jar fnpulse-runtime.jar} to the first output in Redis (the input is SET before the start),
 * with the metrics function compiled from source, from a warm compile cache and from its jar; the runtime's resident
 * memory once idle after start and after 1,000 invocations. Each figure is the median of several runs, for each set
 * of JVM flags asked for.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.coldstart.ColdStart
 *     [--flags default|container256|serial|c1|cicount1|xss|heap|noshare|image17|lean|image|"&lt;preset&gt; &lt;more flags&gt;"|"&lt;any flags&gt;"][+aot|+cds|+cds-offline|+cds-static]...
 *     [--runs 5] [--invocations 1000] [--idle-ms 2000] [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java]</pre>
 *
 * {@code --java} runs the runtime on another JVM than the harness's: {@code image} (docker/runtime.jvm-options) and
 * {@code +aot} need Java 25.
 */
public final class ColdStart {

    private static final String IN = "bench-cold-in";
    private static final String OUT = "bench-cold-out";

    private final BenchRedis redis;
    private final Path work;
    private final int runs;
    private final int invocations;
    private final long idleMillis;
    private final Snapshots snapshots = new Snapshots(4);
    private final Path java;

    private ColdStart(BenchRedis redis, Path work, int runs, int invocations, long idleMillis, Path java) {
        this.java = java;
        this.redis = redis;
        this.work = work;
        this.runs = runs;
        this.invocations = invocations;
        this.idleMillis = idleMillis;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> specs = options.all("flags").isEmpty() ? List.of("default") : options.all("flags");
        System.out.println("cold start and resident memory of the runtime; " + Machine.describe());
        try (BenchRedis redis = BenchRedis.start();
                Scratch scratch = Scratch.create("cold")) {
            System.out.println("Redis: " + redis.describe());
            ColdStart harness = new ColdStart(
                    redis,
                    scratch.dir(),
                    options.integer("runs", 5),
                    options.integer("invocations", 1_000),
                    options.integer("idle-ms", 2_000),
                    Path.of(options.string("java", ServiceProcess.javaExecutable())));
            System.out.println("runtime JVM: " + harness.java + " (" + javaVersion(harness.java) + ")");
            for (String spec : specs) {
                harness.measure(FlagSet.parse(spec));
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static String javaVersion(Path java) throws Exception {
        Process version = new ProcessBuilder(java.toString(), "-version")
                .redirectErrorStream(true)
                .start();
        String output = new String(version.getInputStream().readAllBytes());
        version.waitFor();
        return output.lines()
                .filter(line -> line.contains("Runtime Environment"))
                .findFirst()
                .orElse(output.strip());
    }

    private void measure(FlagSet flagSet) throws Exception {
        List<String> flags = flagSet.runtimeFlags();
        if (flagSet.training() == FlagSet.Training.AOT) {
            String name = flagSet.name().replaceAll("[^A-Za-z0-9]", "_");
            Path runtimeCache = work.resolve(name + ".aot");
            Path compilerCache = work.resolve(name + "-compiler.aot");
            run(
                    flagSet.withAotCaches("-XX:AOTCacheOutput=", runtimeCache, compilerCache),
                    CodeMode.COMPILE,
                    work.resolve("cache-" + System.nanoTime()),
                    100);
            for (Path cache : List.of(runtimeCache, compilerCache)) {
                if (!Files.isRegularFile(cache)) {
                    throw new IllegalStateException("the training run left no AOT cache at " + cache);
                }
                System.out.printf(Locale.ROOT, "AOT cache %s: %.1f MiB%n", cache, Files.size(cache) / 1048576.0);
            }
            flags = flagSet.withAotCaches("-XX:AOTCache=", runtimeCache, compilerCache);
        } else if (flagSet.training() != FlagSet.Training.NONE) {
            Path archive = train(flagSet);
            flags = flagSet.with(List.of("-XX:SharedArchiveFile=" + archive));
        }
        System.out.println();
        System.out.println("flags " + flagSet.describe());
        Path warmCache = work.resolve("cache-" + System.nanoTime());
        run(flags, CodeMode.COMPILE, warmCache, 0); // fills the cache that CACHED reuses; not counted
        for (CodeMode mode : CodeMode.values()) {
            List<Run> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Path cache = mode == CodeMode.CACHED ? warmCache : work.resolve("cache-" + System.nanoTime());
                results.add(run(flags, mode, cache, invocations));
            }
            report(mode, results);
        }
    }

    /** A training run that leaves a dynamic AppCDS archive of every class the runtime loaded, javac's included. */
    private Path train(FlagSet flagSet) throws Exception {
        Path archive = work.resolve(flagSet.name().replaceAll("[^A-Za-z0-9]", "_") + ".jsa");
        List<String> flags = flagSet.with(List.of("-XX:ArchiveClassesAtExit=" + archive));
        Path cache = work.resolve("cache-" + System.nanoTime());
        if (flagSet.training() == FlagSet.Training.STATIC) {
            Path classList = work.resolve(archive.getFileName() + ".classlist");
            run(
                    flagSet.with(List.of("-XX:DumpLoadedClassList=" + classList, "-Xshare:off")),
                    CodeMode.COMPILE,
                    cache,
                    0);
            dumpStatic(java, flagSet, classList, archive);
        } else if (flagSet.training() == FlagSet.Training.OFFLINE) {
            Map<String, String> env = env(CodeMode.COMPILE, cache);
            env.put("REDIS_PORT", Integer.toString(BenchRedis.freePort())); // nobody listens there
            try (ServiceProcess training = Jvm.start(java, "runtime-cds-training", Checkout.runtimeJar(), flags, env)) {
                // the loop reaches Redis before it loads code, so this archive holds no javac classes
                training.awaitLine("Redis is unreachable", Duration.ofMillis(60_000));
                training.terminate(Duration.ofMillis(30_000));
            }
        } else {
            run(flags, CodeMode.COMPILE, cache, 100);
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run left no archive at " + archive);
        }
        System.out.printf(Locale.ROOT, "AppCDS archive %s: %.1f MiB%n", archive, Files.size(archive) / 1048576.0);
        return archive;
    }

    private static void dumpStatic(Path java, FlagSet flagSet, Path classList, Path archive) throws Exception {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(flagSet.flags());
        command.addAll(List.of(
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList,
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                Checkout.runtimeJar().toAbsolutePath().toString()));
        Process dump = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(dump.getInputStream().readAllBytes());
        if (dump.waitFor() != 0) {
            throw new IllegalStateException("-Xshare:dump failed:\n" + output);
        }
    }

    private record Run(long coldStartNanos, long idleKib, long afterKib, long peakKib, StartupPhases phases) {}

    private Run run(List<String> flags, CodeMode mode, Path cache, int calls) throws Exception {
        try (Jedis jedis = redis.connect();
                KeyWrites writes = new KeyWrites(redis, OUT)) {
            jedis.del(OUT, OUT + ":env", OUT + ":status", OUT + ":lock");
            jedis.set(IN, snapshots.json(0));
            try (ServiceProcess runtime =
                    Jvm.start(java, "runtime-cold-" + mode.label(), Checkout.runtimeJar(), flags, env(mode, cache))) {
                long first = writes.next(60_000);
                if (first < 0) {
                    throw new IllegalStateException(
                            "no output within 60 s; the runtime printed:\n" + String.join("\n", runtime.lines()));
                }
                long coldStart = first - runtime.startedNanos();
                Thread.sleep(idleMillis);
                long idle = runtime.residentKib();
                runtime.awaitLine("subscribed to __keyspace@0__:" + IN, Duration.ofMillis(10_000));
                for (int i = 1; i <= calls; i++) {
                    jedis.set(IN, snapshots.json(i));
                    if (writes.next(10_000) < 0) {
                        throw new IllegalStateException("invocation " + i + " wrote no output within 10 s");
                    }
                }
                long after = runtime.residentKib();
                long peak = runtime.peakResidentKib();
                int exit = runtime.terminate(Duration.ofMillis(30_000));
                if (exit != 0) {
                    throw new IllegalStateException("the runtime exited with " + exit);
                }
                return new Run(coldStart, idle, after, peak, StartupPhases.of(runtime, coldStart));
            }
        }
    }

    private Map<String, String> env(CodeMode mode, Path cache) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", IN);
        env.put("REDIS_OUTPUT_KEY", OUT);
        env.put(
                "FUNCTION_PATH",
                (mode == CodeMode.JAR ? Checkout.functionJar() : Checkout.functionSource()).toString());
        env.put("CODE_CACHE_DIR", Files.createDirectories(cache).toString());
        env.put("TRIGGER", "notify");
        env.put("HTTP_PORT", "0");
        return env;
    }

    private static void report(CodeMode mode, List<Run> results) {
        Latencies coldStarts = new Latencies();
        Latencies idle = new Latencies();
        Latencies after = new Latencies();
        Latencies peak = new Latencies();
        StartupPhases.Medians phases = new StartupPhases.Medians();
        for (Run run : results) {
            phases.add(run.phases());
            coldStarts.add(run.coldStartNanos());
            idle.add(run.idleKib());
            after.add(run.afterKib());
            peak.add(run.peakKib());
        }
        System.out.printf(
                Locale.ROOT,
                "  %-8s cold start median %5d ms (min %d, max %d; N=%d)   RSS idle %5.1f MiB, after calls %5.1f MiB,"
                        + " peak %5.1f MiB (medians)%n",
                mode.label(),
                coldStarts.median() / 1_000_000,
                coldStarts.percentile(0.0001) / 1_000_000,
                coldStarts.percentile(100) / 1_000_000,
                coldStarts.count(),
                idle.median() / 1024.0,
                after.median() / 1024.0,
                peak.median() / 1024.0);
        System.out.println("           " + phases.describe());
    }
}
