package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.api.TestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotValidationTest {

    private final MetricsFunction function = new MetricsFunction();
    private final TestContext context = new TestContext();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "timestamp",
                "virtual_memory-total",
                "virtual_memory-buffers",
                "virtual_memory-cached",
                "net_io_counters_eth0-bytes_sent",
                "net_io_counters_eth0-bytes_recv"
            })
    void namesAMissingKey(String key) {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10, 20);
        snapshot.remove(key);

        assertThatThrownBy(() -> function.handle(snapshot, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing key '" + key + "'");
    }

    @Test
    void refusesASnapshotWithoutCpus() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00");

        assertThatThrownBy(() -> function.handle(snapshot, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu_percent-0");
    }

    static Stream<Arguments> mistypedValues() {
        return Stream.of(
                Arguments.of("virtual_memory-total", "16000", "'16000'"),
                Arguments.of("virtual_memory-total", Double.NaN, "NaN"),
                Arguments.of("virtual_memory-cached", Double.POSITIVE_INFINITY, "Infinity"),
                Arguments.of("virtual_memory-buffers", -1L, "-1"),
                Arguments.of("net_io_counters_eth0-bytes_sent", true, "true"),
                Arguments.of("net_io_counters_eth0-bytes_recv", null, "null"),
                Arguments.of("cpu_percent-1", "12.5", "'12.5'"),
                Arguments.of("cpu_percent-0", Double.NEGATIVE_INFINITY, "-Infinity"),
                Arguments.of("cpu_percent-1", List.of(12.5), "[12.5]"),
                Arguments.of("timestamp", "yesterday", "'yesterday'"),
                Arguments.of("timestamp", Double.NaN, "NaN"),
                Arguments.of("timestamp", null, "null"),
                Arguments.of("timestamp", Map.of("seconds", 5), "{seconds=5}"));
    }

    @ParameterizedTest
    @MethodSource("mistypedValues")
    void namesAMistypedKeyAndItsValue(String key, Object value, String shownAs) {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10, 20);
        snapshot.put(key, value);

        assertThatThrownBy(() -> function.handle(snapshot, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("value " + shownAs);
    }

    @Test
    void refusesNullInput() {
        assertThatThrownBy(() -> function.handle(null, context)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedSnapshotLeavesTheStateAsItWas() throws Exception {
        ObjectMapper json = new ObjectMapper();
        function.handle(Snapshot.at("2026-11-27 14:00:00", 10, 20, 30), context);
        function.handle(Snapshot.at("2026-11-27 14:00:05", 11, 21, 31), context);
        String before = json.writeValueAsString(context.env());

        // fewer CPUs and a later time would change every history, but the memory figure is bad
        Map<String, Object> bad = Snapshot.at("2026-11-27 14:01:30", 99);
        bad.put("virtual_memory-total", "lots");
        assertThatThrownBy(() -> function.handle(bad, context)).isInstanceOf(IllegalArgumentException.class);

        assertThat(json.readValue(json.writeValueAsString(context.env()), new TypeReference<Map<String, Object>>() {}))
                .isEqualTo(json.readValue(before, new TypeReference<Map<String, Object>>() {}));
        assertThat(new ArrayList<>(context.env().keySet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.asList("cpu_percent-0", "cpu_percent-1", "cpu_percent-2"));
    }
}
