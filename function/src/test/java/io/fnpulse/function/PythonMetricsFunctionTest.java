package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Python version of the metrics function (function/src/main/python/metrics_function.py) gives the recorded
 * stream's expected output and follows the Java function's rules: its check script, run with Debian's python3.
 */
class PythonMetricsFunctionTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void passesItsCheckScriptWithDebiansPython3() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "python3 is not installed at " + PYTHON + ": apt-get install python3");
        Path root = ProjectFiles.root();
        Process check = new ProcessBuilder(
                        PYTHON.toString(),
                        root.resolve("function/src/test/python/check_metrics_function.py")
                                .toString(),
                        root.toString())
                .redirectErrorStream(true)
                .start();
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("the check finished").isTrue();
        assertThat(check.exitValue()).as(output).isZero();
        assertThat(output).startsWith("ok: ");
    }
}
