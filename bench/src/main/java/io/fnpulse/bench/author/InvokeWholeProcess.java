package io.fnpulse.bench.author;

import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ./fnpulse invoke} of the metrics function's source over the 150 snapshots of data/metrics-stream.jsonl, the
 * whole process as a user runs it (the script, the JVM, the load, the calls, the output), from a warm compile
 * cache: one run fills the cache, then {@code --runs} runs are timed.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.author.InvokeWholeProcess [--runs 10]</pre>
 */
public final class InvokeWholeProcess {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int runs = options.integer("runs", 10);
        Path checkout = Checkout.root();
        System.out.println(
                "./fnpulse invoke, metrics function source, 150 snapshots, warm compile cache; " + Machine.describe());
        try (Scratch scratch = Scratch.create("invoke")) {
            Map<String, String> env =
                    Map.of("CODE_CACHE_DIR", scratch.resolve("code-cache").toString());
            Path stdout = scratch.resolve("out.jsonl");
            List<String> command = List.of(
                    "./fnpulse",
                    "invoke",
                    Checkout.functionSource().toString(),
                    "--inputs",
                    "data/metrics-stream.jsonl");
            AuthorRun first = AuthorRun.of(checkout, env, stdout, command).requireExit(0);
            System.out.printf("first run (javac fills the cache): %.0f ms%n", first.nanos() / 1e6);
            Latencies times = new Latencies();
            Latencies cpu = new Latencies();
            for (int i = 0; i < runs; i++) {
                AuthorRun run = AuthorRun.of(checkout, env, stdout, command).requireExit(0);
                if (!run.stderr().contains("compile cache hit")) {
                    throw new IllegalStateException("not from the compile cache:\n" + run.stderr());
                }
                times.add(run.nanos());
                cpu.add(run.cpuNanos());
            }
            long lines = Files.lines(stdout).count();
            System.out.println(
                    "whole process, " + runs + " runs: " + times.summary() + " (" + lines + " output lines each)");
            System.out.println(
                    "CPU time (user + system): " + cpu.summary() + "; load average after: " + Machine.loadAverage());
        }
    }
}
