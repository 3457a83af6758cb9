package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime saves env as JSON after every call and restores it at start: the function must not notice. */
class EnvRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    @Test
    void theRecordedStreamGivesTheSameResultsWhenEnvIsSavedAndRestoredBeforeEveryCall() throws Exception {
        List<Map<String, Object>> snapshots = new ArrayList<>();
        for (String line : ProjectFiles.metricsStream()) {
            snapshots.add(JSON.readValue(line, OBJECT));
        }
        assertSameResults(snapshots);
    }

    @Test
    void aRandomStreamGivesTheSameResultsWhenEnvIsSavedAndRestoredBeforeEveryCall() throws Exception {
        List<Map<String, Object>> snapshots = new ArrayList<>();
        for (RandomStream.Step step : RandomStream.generate(7, 300, 16)) {
            // the input goes through JSON too, as it does on its way from Redis
            snapshots.add(JSON.readValue(JSON.writeValueAsString(step.snapshot()), OBJECT));
        }
        assertSameResults(snapshots);
    }

    private static void assertSameResults(List<Map<String, Object>> snapshots) throws Exception {
        MetricsFunction function = new MetricsFunction();
        TestContext kept = new TestContext();
        String saved = "{}";
        for (int i = 0; i < snapshots.size(); i++) {
            TestContext restored = new TestContext(JSON.readValue(saved, OBJECT));

            Map<String, Object> expected = function.handle(snapshots.get(i), kept);
            Map<String, Object> actual = function.handle(snapshots.get(i), restored);

            assertThat(actual).as("call %d", i).isEqualTo(expected);
            saved = JSON.writeValueAsString(restored.env());
            assertThat(JSON.readValue(saved, OBJECT))
                    .isEqualTo(JSON.readValue(JSON.writeValueAsString(kept.env()), OBJECT));
        }
    }
}
