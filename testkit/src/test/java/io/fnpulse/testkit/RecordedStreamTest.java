package io.fnpulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics function's source, through the kit, on the recorded stream: the expected outputs, line by line. */
class RecordedStreamTest {

    @TempDir
    Path cache;

    @Test
    void theMetricsFunctionSourceGivesTheExpectedOutputs() {
        Path source = ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java");
        List<String> expected = ProjectFiles.expectedOutput();
        try (FunctionUnderTest function = FunctionUnderTest.from(source)
                .handler("io.fnpulse.function.MetricsFunction::handle")
                .codeCache(cache)
                .load()) {
            List<Call> calls = function.callEach(ProjectFiles.resolve("data/metrics-stream.jsonl"));
            assertThat(calls).hasSameSizeAs(expected);
            for (int i = 0; i < calls.size(); i++) {
                JsonNumbers.assertClose(
                        expected.get(i), calls.get(i).outputJson().orElseThrow(), 1e-9, "line " + (i + 1));
            }
        }
    }
}
