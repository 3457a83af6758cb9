package io.fnpulse.bench.sidebyside;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** bench/python/seed_runtime.py, the seed's loop, with the Python metrics function, on Debian's python3. */
final class SeedPython extends MeasuredRuntime {

    private final long startedNanos;

    private SeedPython(String name, Process process, Path logFile, long startedNanos) {
        super(name, process, logFile);
        this.startedNanos = startedNanos;
    }

    static SeedPython start(String python, Path root, String name, Map<String, String> env, Path logDir) {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        python, root.resolve("bench/python/seed_runtime.py").toString()))
                .redirectErrorStream(true);
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG"));
        builder.environment().putAll(env);
        // no __pycache__ beside the function in the checkout: each start reads the source, as a new pod does
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment()
                .put(
                        "FUNCTION_PATH",
                        root.resolve("function/src/main/python/metrics_function.py")
                                .toString());
        try {
            long started = System.nanoTime();
            Process process = builder.start();
            return new SeedPython(name, process, logDir.resolve(name + "-" + started + ".log"), started);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + python, e);
        }
    }

    @Override
    long startedNanos() {
        return startedNanos;
    }

    @Override
    long pid() {
        return process.pid();
    }

    @Override
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }
}
