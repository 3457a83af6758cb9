package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.testsupport.api.TestContext;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampFormatsTest {

    private final MetricsFunction function = new MetricsFunction();
    private final TestContext context = new TestContext();

    /** The sample time the function stored for CPU 0, as epoch seconds. */
    private double storedSeconds() {
        List<?> history = (List<?>) context.env().get("cpu_percent-0");
        return ((Number) ((List<?>) history.get(history.size() - 1)).get(0)).doubleValue();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("2026-11-27 14:00:05.123456", 1795788005.123456),
                Arguments.of("2026-11-27 14:00:05", 1795788005.0),
                Arguments.of("2026-11-27 14:00:05.5", 1795788005.5),
                Arguments.of("2026-11-27 14:00:05.123456+00:00", 1795788005.123456),
                Arguments.of("2026-11-27T14:00:05.123+01:00", 1795784405.123),
                Arguments.of("2026-11-27T14:00:05Z", 1795788005.0),
                Arguments.of("2026-11-27T14:00:05.123456789Z", 1795788005.123456),
                Arguments.of("2026-11-27T14:00:05.25", 1795788005.25),
                Arguments.of(1795788005, 1795788005.0),
                Arguments.of(1795788005L, 1795788005.0),
                Arguments.of(1795788005.123456, 1795788005.123456),
                Arguments.of(new BigDecimal("1795788005.123456"), 1795788005.123456));
    }

    @ParameterizedTest
    @MethodSource("accepted")
    void readsTheSampleTime(Object timestamp, double epochSeconds) {
        function.handle(Snapshot.at(timestamp, 10), context);

        assertThat(storedSeconds()).isEqualTo(epochSeconds);
    }

    @Test
    void readsATimeWithoutOffsetAsUtcInEveryForm() {
        function.handle(Snapshot.at("2026-11-27 14:00:05.5", 10), context);
        function.handle(Snapshot.at("2026-11-27T14:00:05.500Z", 20), context);
        function.handle(Snapshot.at("2026-11-27T15:00:05.5+01:00", 30), context);
        function.handle(Snapshot.at(1795788005.5, 40), context);

        // four spellings of one instant: one sample
        assertThat((List<?>) context.env().get("cpu_percent-0")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-11-27",
                "14:00:05",
                "2026-11-27 14:00:05 UTC",
                "2026/11/27 14:00:05",
                "2026-11-27  14:00:05",
                "2026-02-30 00:00:00",
                "2026-11-27 25:00:00",
                "1795788005",
                "2026-11-27T14:00:05+1"
            })
    void refusesAnyOtherFormNamingKeyAndValue(String timestamp) {
        assertThatThrownBy(() -> function.handle(Snapshot.at(timestamp, 10), context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timestamp'")
                .hasMessageContaining("'" + timestamp + "'");
    }
}
