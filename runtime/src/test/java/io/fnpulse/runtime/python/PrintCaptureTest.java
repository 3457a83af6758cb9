package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a call prints is kept with it, cut at CAPTURE_BYTES per stream with the rest counted, as for Java functions;
 * writes below Python's sys.stdout (to file descriptor 1) cannot reach the worker's frames.
 */
class PrintCaptureTest {

    private static final String PRINTER = """
            import os, sys

            def handler(input, context):
                print("x" * input["out"])
                print("to stderr", file=sys.stderr)
                sys.stdout.buffer.write(b"raw\\n")
                os.write(1, b"straight to descriptor 1, not a frame\\n")
                return {"printed": input["out"]}
            """;

    @TempDir
    Path dir;

    @Test
    void keepsWhatACallPrintsUpToTheLimitAndCountsTheRest() throws Exception {
        Path function = TestCode.write(dir.resolve("printer.py"), PRINTER);
        try (PythonFixture python = new PythonFixture(
                dir,
                function,
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(10),
                PythonFixture.IMPORT_TIMEOUT,
                16)) {
            python.loaded();

            Outcome.Success success = python.succeeds(Map.of("out", 20));

            assertThat(success.output()).contains("{\"printed\":20}");
            assertThat(success.captured()).isEqualTo(new Captured("x".repeat(16), 9, "to stderr\n", 0));
        }
    }

    @Test
    void keepsEachCallsPrintsApart() throws Exception {
        Path function = TestCode.write(dir.resolve("printer.py"), PRINTER);
        try (PythonFixture python = new PythonFixture(dir, function, Optional.empty(), Optional.empty())) {
            python.loaded();

            Captured first = python.succeeds(Map.of("out", 3)).captured();
            Captured second = python.succeeds(Map.of("out", 1)).captured();

            assertThat(first.stdout()).isEqualTo("xxx\nraw\n");
            assertThat(second.stdout()).isEqualTo("x\nraw\n");
            assertThat(second.stdoutMore()).isZero();
        }
    }
}
