package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./fnpulse invoke} with a Python module, the stack jar as a user runs it, Debian's python3 running the
 * function in the runtime's own worker: the same output lines, exit codes and reports as for Java, the env carried
 * between runs through {@code --env-out} and {@code --env} with its Python types.
 */
class PythonInvokeIT {

    private static final Path PYTHON3 = Path.of("/usr/bin/python3");
    private static final String METRICS_FUNCTION = "function/src/main/python/metrics_function.py";

    @TempDir
    Path dir;

    @BeforeEach
    void python3() {
        assumeTrue(Files.isExecutable(PYTHON3), "python3 is not installed at " + PYTHON3 + ": skipped");
    }

    private AuthorCommand invoke(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "invoke";
        System.arraycopy(args, 0, all, 1, args.length);
        return AuthorCommand.jar(all)
                .env("CODE_CACHE_DIR", dir.resolve("cache").toString())
                .env("PYTHON", PYTHON3.toString());
    }

    @Test
    void thePythonMetricsFunctionPrintsTheExpectedOutputAlsoResumedFromItsSavedEnv() throws Exception {
        List<String> snapshots = ProjectFiles.metricsStream();
        int half = snapshots.size() / 2;
        Path first = TestCode.write(dir.resolve("first.jsonl"), String.join("\n", snapshots.subList(0, half)));
        Path second = TestCode.write(
                dir.resolve("second.jsonl"), String.join("\n", snapshots.subList(half, snapshots.size())));
        Path function = ProjectFiles.resolve(METRICS_FUNCTION);

        AuthorCommand.Result before = invoke(function.toString(), "--inputs", first.toString(), "--env-out", "env.json")
                .in(dir)
                .run();
        AuthorCommand.Result after = invoke(function.toString(), "--inputs", second.toString(), "--env", "env.json")
                .in(dir)
                .run();

        assertThat(before.exit()).as(before.toString()).isZero();
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(before.stderr())
                .contains("fnpulse invoke: 75 calls: 75 succeeded (75 with output, 0 returned nothing), 0 failed")
                .containsPattern("loaded metrics_function:handler from " + function + " \\(\\w+, Python 3\\.");
        assertThat(Files.readString(dir.resolve("env.json")))
                .as("the env as the runtime saves it, its tuples and datetimes tagged")
                .contains("{\"$tuple\":[")
                .contains("{\"$datetime\":\"2026-");
        List<String> expected = ProjectFiles.expectedOutput();
        List<String> lines = new java.util.ArrayList<>(before.stdoutLines());
        lines.addAll(after.stdoutLines());
        assertThat(lines).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNumbers.assertClose(expected.get(i), lines.get(i), 1e-9, "line " + (i + 1));
        }
    }

    @Test
    void aRunawayCallIsKilledAtTheTimeoutAndAWorkerThatDiesIsReportedAndTheNextLinesRun() {
        Path function = TestCode.write(dir.resolve("wild.py"), """
                import os

                def handler(input, context):
                    if input.get("do") == "loop":
                        while True:
                            pass
                    if input.get("do") == "exit":
                        os._exit(4)
                    return {"x": input["x"]}
                """);
        Path inputs =
                TestCode.write(dir.resolve("in.jsonl"), "{\"do\":\"loop\"}\n{\"x\":1}\n{\"do\":\"exit\"}\n{\"x\":2}\n");

        AuthorCommand.Result result = invoke(function.toString(), "--inputs", inputs.toString(), "--timeout", "1")
                .run();

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdoutLines()).containsExactly("null", "{\"x\":1}", "null", "{\"x\":2}");
        assertThat(result.stderr())
                .contains("line 1: failed after ")
                .contains("timeout: the call ran past the 1 s timeout; its Python worker was killed and is"
                        + " restarting")
                .contains("poison_input: the Python worker died during the call (exit code 4)");
    }

    @Test
    void aSyntaxErrorExitsTwoWithFileAndLine() {
        Path function = TestCode.write(dir.resolve("broken.py"), "def handler(input, context)\n    return input\n");

        AuthorCommand.Result result =
                invoke(function.toString(), "--input", "{\"x\":1}").run();

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains(function + ": SyntaxError at " + function + ":1");
    }
}
