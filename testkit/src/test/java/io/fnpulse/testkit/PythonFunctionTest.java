package io.fnpulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python function through the kit as the runtime runs it, in a worker process of Debian's python3: its env kept in
 * the typed form across calls and handed back in it, shown as JSON shows it; its errors with Python's traceback; a
 * worker that dies in a call reported as the poison input the runtime would skip.
 */
class PythonFunctionTest {

    private static final Path PYTHON3 = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WINDOW = """
            import datetime, os

            def handler(input, context):
                if "exit" in input:
                    os._exit(5)
                if "bad" in input:
                    raise ValueError("cannot take %r" % input["bad"])
                last = context.env.get("last")
                if last is not None and not (type(last) is tuple and type(last[1]) is datetime.datetime):
                    raise TypeError("env['last'] came back as %r" % (last,))
                at = datetime.datetime(2026, 12, 8, 3, 0, input["minute"])
                context.env["last"] = (input["value"], at)
                print("kept", input["value"])
                return {"value": input["value"], "before": None if last is None else last[0]}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void python3() {
        assumeTrue(Files.isExecutable(PYTHON3), "python3 is not installed at " + PYTHON3 + ": skipped");
    }

    private FunctionUnderTest.Builder window() {
        return FunctionUnderTest.from(TestCode.write(dir.resolve("window.py"), WINDOW))
                .python(PYTHON3.toString())
                .codeCache(dir.resolve("cache"));
    }

    @Test
    void carriesTheEnvWithItsTypesAndShowsItAsJson() throws Exception {
        try (FunctionUnderTest function = window().load()) {
            assertThat(function.describe()).startsWith("window:handler from " + dir.resolve("window.py"));
            function.call(Map.of("value", 1, "minute", 1)).expectOutput();
            Call second = function.call(Map.of("value", 2, "minute", 2));

            assertThat(second.expectOutput()).containsEntry("before", 1);
            assertThat(second.stdout()).isEqualTo("kept 2\n");
            assertThat(second.env()).as("as JSON shows it").containsEntry("last", List.of(2, "2026-12-08T03:00:02"));
            assertThat(function.envJson())
                    .as("as the runtime saves it")
                    .isEqualTo("{\"last\":{\"$tuple\":[2,{\"$datetime\":\"2026-12-08T03:00:02\"}]}}");
        }
    }

    @Test
    void startsFromASavedEnvInItsTypedForm() throws Exception {
        Map<String, Object> saved;
        try (FunctionUnderTest function = window().load()) {
            function.call(Map.of("value", 7, "minute", 1));
            saved = JSON.readValue(function.envJson(), new TypeReference<LinkedHashMap<String, Object>>() {});
        }
        try (FunctionUnderTest function = window().env(saved).load()) {
            assertThat(function.call(Map.of("value", 8, "minute", 2)).expectOutput())
                    .as("the tuple and its datetime came back as such")
                    .containsEntry("before", 7);
        }
        assertThatThrownBy(() -> window().env(Map.of("x", Map.of("$reduce", "os.system")))
                        .load())
                .isInstanceOf(FunctionLoadFailure.class)
                .hasMessage("the starting env is not a Python function's env as the runtime saves it:"
                        + " env['x']: unknown tag '$reduce'");
    }

    @Test
    void reportsARaisedErrorWithItsTypeAndTraceback() {
        try (FunctionUnderTest function = window().load()) {
            Call call = function.call(Map.of("bad", "x"));

            Failure failure = call.failure().orElseThrow();
            assertThat(failure.outcome()).isEqualTo("function_error");
            assertThat(failure.type()).isEqualTo("ValueError");
            assertThat(failure.message()).isEqualTo("cannot take 'x'");
            assertThat(failure.stackTrace()).contains(dir.resolve("window.py") + "\", line 7, in handler");
        }
    }

    @Test
    void aWorkerThatDiesInACallIsThePoisonInputTheRuntimeWouldSkip() {
        try (FunctionUnderTest function = window().load()) {
            function.call(Map.of("value", 1, "minute", 1));
            Call died = function.call(Map.of("exit", true));

            assertThat(died.failure().orElseThrow().outcome()).isEqualTo("poison_input");
            assertThat(died.failure().orElseThrow().message())
                    .startsWith("the Python worker died during the call (exit code 5)");
            assertThat(function.call(Map.of("value", 2, "minute", 2)).expectOutput())
                    .as("a new worker, the env before the death")
                    .containsEntry("before", 1);
        }
    }
}
