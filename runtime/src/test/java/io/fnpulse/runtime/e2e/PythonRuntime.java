package io.fnpulse.runtime.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The runtime jar's environment for a Python function, run by Debian's python3; tests skip where it is absent. */
final class PythonRuntime {

    static final Path PYTHON3 = Path.of("/usr/bin/python3");

    private PythonRuntime() {}

    /** FUNCTION_PATH a Python module, keys {@code <prefix>-in} and {@code <prefix>-out}, PYTHON=/usr/bin/python3. */
    static Map<String, String> env(TestRedis redis, Path module, String prefix) {
        assumePython3();
        Map<String, String> env = RuntimeJar.baseEnv(redis, module);
        env.put("REDIS_INPUT_KEY", prefix + "-in");
        env.put("REDIS_OUTPUT_KEY", prefix + "-out");
        env.put("PYTHON", PYTHON3.toString());
        return env;
    }

    static void assumePython3() {
        assumeTrue(
                Files.isExecutable(PYTHON3),
                "python3 is not installed at " + PYTHON3 + " (apt-get install python3): Python functions"
                        + " cannot run here, skipped");
    }
}
