package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ./fnpulse invoke}, the stack jar as a user runs it: outputs on stdout, the rest on stderr, exit codes; a
 * Python function's as a Java function's (PythonInvokeIT has what is Python's own).
 */
class InvokeIT {

    private static final String METRICS_FUNCTION = "function/src/main/java/io/fnpulse/function/MetricsFunction.java";

    @TempDir
    Path dir;

    private AuthorCommand invoke(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "invoke";
        System.arraycopy(args, 0, all, 1, args.length);
        return AuthorCommand.jar(all).env("CODE_CACHE_DIR", dir.resolve("cache").toString());
    }

    @Test
    void theMetricsFunctionSourcePrintsTheExpectedOutputLineByLine() {
        AuthorCommand.Result result = invoke(METRICS_FUNCTION, "--inputs", "data/metrics-stream.jsonl")
                .in(ProjectFiles.root())
                .run();
        assertThat(result.exit()).as(result.toString()).isZero();
        List<String> expected = ProjectFiles.expectedOutput();
        List<String> lines = result.stdoutLines();
        assertThat(lines).as("one line per input, nothing else").hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNumbers.assertClose(expected.get(i), lines.get(i), 1e-9, "line " + (i + 1));
        }
        assertThat(result.stderr())
                .contains("fnpulse invoke: 150 calls: 150 succeeded (150 with output, 0 returned nothing), 0 failed")
                .contains("io.fnpulse.function.MetricsFunction::handle from " + METRICS_FUNCTION);
    }

    /** A function that prints what it takes and refuses one input, in each language the runtime runs. */
    private record Picky(String file, String source, String error, String traceLine) {}

    static Stream<Picky> pickyFunctions() {
        return Stream.of(
                new Picky("Picky.java", """
                        import java.util.Map;

                        public class Picky {
                            public Map<String, Object> handle(Map<String, Object> input) {
                                if (input.containsKey("bad")) {
                                    throw new IllegalStateException("cannot take " + input.get("bad"));
                                }
                                System.out.println("took " + input.get("x"));
                                return Map.of("x", input.get("x"));
                            }
                        }
                        """, "java.lang.IllegalStateException: cannot take 2", "line 2:   at "),
                new Picky("picky.py", """
                        def handler(input, context):
                            if "bad" in input:
                                raise ValueError("cannot take %r" % input["bad"])
                            print("took", input["x"])
                            return {"x": input["x"]}
                        """, "ValueError: cannot take 2", "picky.py\", line 3, in handler"));
    }

    @ParameterizedTest
    @MethodSource("pickyFunctions")
    void aCallThatThrowsExitsOneAndTheOthersStillRunAndPrint(Picky picky) {
        assumeTrue(
                !picky.file().endsWith(".py") || Files.isExecutable(Path.of("/usr/bin/python3")),
                "python3 is not installed at /usr/bin/python3: skipped");
        Path function = TestCode.write(dir.resolve(picky.file()), picky.source());
        Path inputs = TestCode.write(dir.resolve("in.jsonl"), "{\"x\":1}\n{\"bad\":2}\n\n{\"x\":3}\n");
        AuthorCommand.Result result =
                invoke(function.toString(), "--inputs", inputs.toString()).run();
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdoutLines()).containsExactly("{\"x\":1}", "null", "{\"x\":3}");
        assertThat(result.stderr())
                .contains("line 2: failed after ")
                .contains("function_error: " + picky.error())
                .contains(picky.traceLine())
                .contains("line 1: stdout: took 1")
                .contains("line 4: stdout: took 3")
                .doesNotContain("{\"x\":1}");
    }

    @Test
    void aCompileErrorExitsTwoWithFileAndLine() {
        Path function = TestCode.write(dir.resolve("Broken.java"), """
                public class Broken {
                    public Object handle(java.util.Map<String, Object> input) {
                        return input.get("x")
                    }
                }
                """);
        AuthorCommand.Result result =
                invoke("Broken.java", "--input", "{}").in(dir).run();
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).startsWith("Broken.java:3: error: ';' expected");
        assertThat(function).exists();
    }

    @Test
    void aHandlerThatIsNotThereExitsTwoListingWhatThereIs() {
        TestCode.write(dir.resolve("Two.java"), """
                import java.util.Map;

                public class Two {
                    public Map<String, Object> first(Map<String, Object> input) { return input; }
                    public Map<String, Object> second(Map<String, Object> input) { return input; }
                }
                """);
        AuthorCommand.Result result = invoke("Two.java", "--handler", "Two::third", "--input", "{}")
                .in(dir)
                .run();
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr())
                .startsWith("FUNCTION_HANDLER Two::third: no public method third(Map, Context) or third(Map) in Two;"
                        + " public methods: first(Map), second(Map)");
    }

    @Test
    void theEnvIsCarriedAcrossCallsAndRunsThroughFilesAndStandardInput() throws Exception {
        TestCode.write(dir.resolve("Count.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Count {
                    public Map<String, Object> handle(Map<String, Object> input, Context context) {
                        int n = ((Number) context.env().getOrDefault("n", 0)).intValue() + 1;
                        context.env().put("n", n);
                        return Map.of("n", n);
                    }
                }
                """);
        Files.writeString(dir.resolve("start.json"), "{\"n\": 10}");
        Path inputs = TestCode.write(dir.resolve("in.jsonl"), "{}\n{}\n");
        AuthorCommand.Result result = invoke("Count.java", "-", "--env", "start.json", "--env-out", "end.json")
                .in(dir)
                .stdin(inputs)
                .run();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).containsExactly("{\"n\":11}", "{\"n\":12}");
        assertThat(Files.readString(dir.resolve("end.json")).strip()).isEqualTo("{\"n\":12}");
    }

    @Test
    void aUsageErrorExitsTwoWithTheUsage() {
        AuthorCommand.Result result = invoke("--inputs").run();
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.stderr()).contains("--inputs needs a value").contains("usage: ./fnpulse invoke");
        assertThat(result.stdout()).isEmpty();
    }
}
