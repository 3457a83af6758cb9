package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    @Test
    void returnsTheExpectedOutputForEverySnapshotOfTheRecordedStreamFedInOrder() throws Exception {
        List<String> stream = ProjectFiles.metricsStream();
        List<String> expected = ProjectFiles.expectedOutput();
        assertThat(stream).hasSize(150).hasSameSizeAs(expected);

        MetricsFunction function = new MetricsFunction();
        TestContext context = new TestContext();
        for (int line = 0; line < stream.size(); line++) {
            Map<String, Object> output = function.handle(JSON.readValue(stream.get(line), OBJECT), context);
            JsonNumbers.assertClose(expected.get(line), JSON.writeValueAsString(output), 1e-9, "line " + (line + 1));
        }
    }

    @Test
    void keepsTheHistoryAsJsonFriendlyPairsOfEpochSecondsAndValue() throws Exception {
        TestContext context = new TestContext();
        new MetricsFunction().handle(JSON.readValue(ProjectFiles.metricsStream().get(0), OBJECT), context);

        // 2026-11-27 14:00:05.123456, read as UTC; cpu_percent-0 is 14.9 on the first line
        assertThat(context.env()).containsOnlyKeys("cpu_percent-0", "cpu_percent-1", "cpu_percent-2", "cpu_percent-3");
        assertThat(JSON.writeValueAsString(context.env().get("cpu_percent-0")))
                .isEqualTo("[[1.795788005123456E9,14.9]]");
    }
}
