package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python version of the metrics function (function/src/main/python/metrics_function.py), run by the runtime's
 * worker through the seam the runtime calls every function through, gives data/expected-output.jsonl over the
 * recorded stream — also when the runtime restarts halfway and a new worker starts from the saved env.
 */
class MetricsFunctionInWorkerTest {

    private static final Path FUNCTION = ProjectFiles.resolve("function/src/main/python/metrics_function.py");

    @TempDir
    Path dir;

    @Test
    void givesTheExpectedOutputForTheRecordedStream() throws Exception {
        List<String> stream = ProjectFiles.metricsStream();
        List<String> expected = ProjectFiles.expectedOutput();
        try (PythonFixture python = new PythonFixture(dir, FUNCTION, Optional.empty(), Optional.empty())) {
            assertThat(python.loaded().describe()).startsWith("metrics_function:handler from " + FUNCTION + " (");
            for (int line = 0; line < stream.size(); line++) {
                Outcome.Success success = python.succeeds(PythonFixture.object(stream.get(line)));
                JsonNumbers.assertClose(expected.get(line), success.output().orElseThrow(), 1e-9, "line " + (line + 1));
            }
        }
    }

    @Test
    void givesTheSameOutputWhenTheRuntimeRestartsHalfwayFromTheSavedEnv() throws Exception {
        List<String> stream = ProjectFiles.metricsStream();
        List<String> expected = ProjectFiles.expectedOutput();
        int half = stream.size() / 2;
        String saved;
        try (PythonFixture before =
                new PythonFixture(dir.resolve("first"), FUNCTION, Optional.empty(), Optional.empty())) {
            before.loaded();
            Outcome.Success last = null;
            for (int line = 0; line < half; line++) {
                last = before.succeeds(PythonFixture.object(stream.get(line)));
            }
            saved = last.envJson();
        }
        assertThat(saved)
                .as("the history keeps (value, datetime) tuples")
                .contains("{\"$tuple\":[")
                .contains("{\"$datetime\":\"2026-11-27T14:");

        try (PythonFixture after =
                new PythonFixture(dir.resolve("second"), FUNCTION, Optional.empty(), Optional.empty())) {
            after.loaded();
            after.context.restoreEnv(
                    PythonFixture.object(saved), EnvForm.PYTHON); // what the state key gives back at start
            for (int line = half; line < stream.size(); line++) {
                Outcome.Success success = after.succeeds(PythonFixture.object(stream.get(line)));
                JsonNumbers.assertClose(expected.get(line), success.output().orElseThrow(), 1e-9, "line " + (line + 1));
            }
        }
    }

    @Test
    void reportsAMissingKeyAsTheFunctionsErrorNamingIt() throws Exception {
        try (PythonFixture python = new PythonFixture(dir, FUNCTION, Optional.empty(), Optional.empty())) {
            python.loaded();
            Map<String, Object> snapshot =
                    PythonFixture.object(ProjectFiles.metricsStream().get(0));
            snapshot.remove("virtual_memory-total");

            Outcome.Failure failure = python.fails(snapshot);

            assertThat(failure.kind()).isEqualTo(io.fnpulse.service.function.CallOutcome.FUNCTION_ERROR);
            assertThat(io.fnpulse.runtime.report.ErrorReports.of(failure.cause()))
                    .satisfies(report -> {
                        assertThat(report.type()).isEqualTo("ValueError");
                        assertThat(report.message()).isEqualTo("missing key 'virtual_memory-total'");
                        assertThat(report.stackTrace())
                                .startsWith("Traceback (most recent call last):")
                                .contains("File \"" + FUNCTION + "\", line ")
                                .doesNotContain("fnpulse_worker.py");
                    });
        }
    }
}
