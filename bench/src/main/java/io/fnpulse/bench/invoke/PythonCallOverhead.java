package io.fnpulse.bench.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.function.MetricsFunction;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.load.UserCodeLimits;
import io.fnpulse.runtime.python.PythonFunctions;
import io.fnpulse.runtime.python.PythonSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a call costs through a Python worker against the same call in-process in Java, measured through the seam the
 * runtime calls every function through ({@link Invoker#invoke}, then the env committed), without Redis. Calls of the
 * two alternate, one input at a time, so both see the same machine; every input is a fresh 4-CPU snapshot, decoded
 * outside the timing.
 *
 * <ul>
 *   <li>{@code empty}: a function that returns a constant one-key object, in Java and in Python: the overhead alone;
 *   <li>{@code metrics}: the metrics function, MetricsFunction in Java and metrics_function.py in Python (its env of
 *       (value, datetime) tuples saved in the typed form on every call).
 * </ul>
 */
public final class PythonCallOverhead {

    private static final String EMPTY_PYTHON = "def handler(input, context):\n    return {\"ok\": 1}\n";

    private PythonCallOverhead() {}

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int calls = options.integer("calls", 20_000);
        int warmup = options.integer("warmup", 3_000);
        PythonSettings python = PythonSettings.check(options.string("python", PythonSettings.DEFAULT_INTERPRETER));
        System.out.println("Python " + python.version() + " (" + python.interpreter() + "); " + Machine.describe());
        try (Scratch scratch = Scratch.create("python-calls")) {
            Path empty = Files.writeString(scratch.resolve("empty.py"), EMPTY_PYTHON);
            Path metrics = Checkout.root().resolve("function/src/main/python/metrics_function.py");
            compare("empty", InProcessFunction.empty(), empty, scratch.resolve("empty"), calls, warmup, python);
            compare(
                    "metrics",
                    new InProcessFunction(new MetricsFunction(), "MetricsFunction::handle"),
                    metrics,
                    scratch.resolve("metrics"),
                    calls,
                    warmup,
                    python);
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static void compare(
            String name,
            InProcessFunction java,
            Path pythonSource,
            Path work,
            int calls,
            int warmup,
            PythonSettings python)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        InputDecoder decoder = new InputDecoder(json);
        Duration timeout = Duration.ofSeconds(30);
        try (PythonFunctions functions = new PythonFunctions(python, work.resolve("python"));
                LiveFunction live = new LiveFunction(
                        settings(pythonSource, work), new UserCodeLimits(timeout, () -> {}), functions);
                java) {
            Refresh loaded = live.refresh();
            if (!(loaded instanceof Refresh.Loaded)) {
                throw new IllegalStateException("the Python function did not load: " + loaded);
            }
            LoadedFunction pythonFunction = live.current().orElseThrow();
            Caller javaCalls = new Caller(java, timeout, json);
            Caller pythonCalls = new Caller(pythonFunction, timeout, json);
            Snapshots snapshots = new Snapshots(4);
            for (int i = 0; i < warmup + calls; i++) {
                Map<String, Object> input = decoder.decode(snapshots.json(i));
                boolean measured = i >= warmup;
                javaCalls.call(decoder.decode(snapshots.json(i)), measured);
                pythonCalls.call(input, measured);
            }
            long overhead = pythonCalls.latencies.median() - javaCalls.latencies.median();
            System.out.printf(Locale.ROOT, "%-8s Java in-process  %s%n", name, javaCalls.latencies.summary());
            System.out.printf(Locale.ROOT, "%-8s Python worker    %s%n", name, pythonCalls.latencies.summary());
            System.out.printf(Locale.ROOT, "%-8s p50 overhead of the worker: %.3f ms%n", name, overhead / 1e6);
        }
    }

    private static CodeSettings settings(Path source, Path work) {
        return new CodeSettings(
                source,
                Optional.empty(),
                Optional.empty(),
                work.resolve("code"),
                Duration.ofSeconds(10),
                Duration.ZERO,
                Optional.empty(),
                false);
    }

    /** One function's calls through its own context, each success committed as the runtime commits it. */
    private static final class Caller {
        private final LoadedFunction function;
        private final RuntimeContext context = new RuntimeContext("localhost", 6379, "metrics", "metrics-out");
        private final Invoker invoker;
        private final Latencies latencies = new Latencies();

        Caller(LoadedFunction function, Duration timeout, ObjectMapper json) {
            this.function = function;
            this.invoker = new Invoker(context, timeout, json, 8192);
        }

        void call(Map<String, Object> input, boolean measured) throws InterruptedException, IOException {
            long start = System.nanoTime();
            Outcome outcome = invoker.invoke(function, input);
            if (outcome instanceof Outcome.Success success) {
                context.commitEnv(success.env(), success.form());
            }
            long took = System.nanoTime() - start;
            if (!(outcome instanceof Outcome.Success)) {
                throw new IOException(function.describe() + " failed: " + outcome);
            }
            if (measured) {
                latencies.add(took);
            }
        }
    }
}
