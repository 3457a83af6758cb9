package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whoever can write the state key must not be able to run code in the worker: a saved env that names functions,
 * modules or classes is refused before the function runs, and nothing it names is run.
 */
class MaliciousStateTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"x\": {\"$reduce\": [\"os.system\", [\"touch PWNED\"]]}}",
                "{\"x\": {\"$global\": \"os.system\", \"args\": [\"touch PWNED\"]}}",
                "{\"x\": {\"$defaultdict\": [], \"factory\": \"os.system\"}}",
                "{\"x\": {\"$datetime\": \"2026-01-01T00:00:00\", \"zone\": \"../../../../tmp/PWNED\"}}",
                "{\"x\": {\"$tuple\": [1], \"__reduce__\": \"os.system\"}}",
                "{\"$dict\": [[{\"$bytes\": \"!!\"}, 1]]}"
            })
    void refusesTheSavedEnvAndRunsNothing(String state) throws Exception {
        Path marker = dir.resolve("called");
        String function = "def handler(input, context):\n    open(" + pythonString(marker) + ", 'w').close()\n"
                + "    return {'called': True}\n";
        Path source = TestCode.write(dir.resolve("victim.py"), function);
        try (PythonFixture python = new PythonFixture(dir, source, Optional.empty(), Optional.empty())) {
            python.loaded();
            python.context.restoreEnv(
                    PythonFixture.object(
                            state.replace("PWNED", dir.resolve("pwned").toString())),
                    EnvForm.PYTHON);

            Outcome.Failure failure = python.fails(Map.of());

            assertThat(failure.kind()).isEqualTo(CallOutcome.BAD_ENV);
            assertThat(failure.message()).startsWith("the saved env cannot be restored: env");
            assertThat(marker).as("the function did not run").doesNotExist();
            assertThat(Files.exists(dir.resolve("pwned")))
                    .as("nothing the state names ran")
                    .isFalse();
        }
    }

    private static String pythonString(Path path) {
        return "'" + path.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
