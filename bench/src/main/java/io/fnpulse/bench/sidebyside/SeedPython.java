package io.fnpulse.bench.sidebyside;

import io.fnpulse.testsupport.process.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** bench/python/seed_runtime.py, the seed's loop, with the Python metrics function, on Debian's python3. */
final class SeedPython extends MeasuredRuntime {

    private SeedPython(String name, ServiceProcess process) {
        super(name, process);
    }

    static SeedPython start(String python, Path root, String name, Map<String, String> env, Path logDir) {
        ServiceProcess process = ServiceProcess.command(List.of(
                        python, root.resolve("bench/python/seed_runtime.py").toString()))
                .name(name)
                .env(env)
                .env(
                        "FUNCTION_PATH",
                        root.resolve("function/src/main/python/metrics_function.py")
                                .toString())
                // no __pycache__ beside the function in the checkout: each start reads the source, as a new pod does
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .logDir(logDir)
                .start();
        return new SeedPython(name, process);
    }

    @Override
    long startedNanos() {
        return process.startedNanos();
    }

    @Override
    long pid() {
        return process.pid();
    }

    @Override
    int stop() {
        return process.terminate(Duration.ofSeconds(30));
    }
}
