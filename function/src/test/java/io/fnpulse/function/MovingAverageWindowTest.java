package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fnpulse.testsupport.api.TestContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MovingAverageWindowTest {

    private static final double EXACT = 0;

    private final MetricsFunction function = new MetricsFunction();
    private final TestContext context = new TestContext();

    private Map<String, Object> call(Object timestamp, double... cpus) {
        return function.handle(Snapshot.at(timestamp, cpus), context);
    }

    private static double average(Map<String, Object> output, int cpu) {
        return (Double) output.get("moving_average_cpu_percent-" + cpu);
    }

    private List<?> history(int cpu) {
        return (List<?>) context.env().get("cpu_percent-" + cpu);
    }

    @Test
    void averagesEveryValueOfTheLastMinuteIncludingTheCurrentOne() {
        call("2026-11-27 14:00:00", 10);
        call("2026-11-27 14:00:20", 20);
        Map<String, Object> output = call("2026-11-27 14:00:59.999999", 60);

        assertThat(average(output, 0)).isCloseTo(30, within(1e-12));
        assertThat(history(0)).hasSize(3);
    }

    @Test
    void aSampleExactlySixtySecondsOldIsOutOfTheWindow() {
        call("2026-11-27 14:00:05.123456", 10);
        call("2026-11-27 14:00:35.123456", 20);

        assertThat(average(call("2026-11-27 14:01:05.123455", 30), 0)).isCloseTo(20, within(1e-12));
        assertThat(average(call("2026-11-27 14:01:05.123456", 40), 0)).isCloseTo(30, within(1e-12));
        assertThat(history(0)).hasSize(3);
    }

    @ParameterizedTest
    @CsvSource({"10.000008, 70.000008", "2147483600.000015, 2147483660.000015"})
    void comparesEpochSecondsExactlyWhereFloatingPointSubtractionWouldNot(double first, double sixtySecondsLater) {
        assertThat(sixtySecondsLater - first).isLessThan(60.0);

        call(first, 10);
        assertThat(average(call(sixtySecondsLater, 30), 0)).isEqualTo(30, within(EXACT));
        assertThat(history(0)).hasSize(1);
    }

    @Test
    void theSameSnapshotTwiceCountsOnce() {
        call("2026-11-27 14:00:00", 10);
        Map<String, Object> once = call("2026-11-27 14:00:05", 20);
        Map<String, Object> twice = call("2026-11-27 14:00:05", 20);

        assertThat(twice).isEqualTo(once);
        assertThat(average(twice, 0)).isCloseTo(15, within(1e-12));
        assertThat(history(0)).hasSize(2);
    }

    @Test
    void aRepeatedTimestampKeepsTheValueFirstSeenForIt() {
        call("2026-11-27 14:00:00", 10);
        assertThat(average(call("2026-11-27 14:00:00", 90), 0)).isEqualTo(10, within(EXACT));
        assertThat(history(0)).hasSize(1);
    }

    @Test
    void aTimestampThatGoesBackwardsStartsTheHistoryAfresh() {
        call("2026-11-27 14:00:00", 10);
        call("2026-11-27 14:00:10", 20);

        assertThat(average(call("2026-11-27 14:00:05", 90), 0)).isEqualTo(90, within(EXACT));
        assertThat(history(0)).hasSize(1);
        assertThat(average(call("2026-11-27 14:00:15", 30), 0)).isCloseTo(60, within(1e-12));
    }

    @Test
    void aGapLongerThanTheWindowLeavesOnlyTheCurrentValue() {
        call("2026-11-27 14:00:00", 10, 20);
        call("2026-11-27 14:00:30", 30, 40);
        Map<String, Object> output = call("2026-11-27 14:01:31", 50, 60);

        assertThat(average(output, 0)).isEqualTo(50, within(EXACT));
        assertThat(average(output, 1)).isEqualTo(60, within(EXACT));
        assertThat(history(0)).hasSize(1);
        assertThat(history(1)).hasSize(1);
    }

    @Test
    void aCpuThatDisappearsHasItsHistoryDroppedAndStartsAfreshWhenItReturns() {
        call("2026-11-27 14:00:00", 10, 20, 30, 40);
        Map<String, Object> twoCpus = call("2026-11-27 14:00:05", 11, 21);

        assertThat(twoCpus)
                .containsOnlyKeys(
                        "percentage_outgoing_bytes",
                        "percentage_memory_caching",
                        "moving_average_cpu_percent-0",
                        "moving_average_cpu_percent-1");
        assertThat(context.env()).containsOnlyKeys("cpu_percent-0", "cpu_percent-1");

        Map<String, Object> fourAgain = call("2026-11-27 14:00:10", 12, 22, 32, 42);
        assertThat(average(fourAgain, 2)).isEqualTo(32, within(EXACT));
        assertThat(average(fourAgain, 0)).isCloseTo(11, within(1e-12));
    }

    @Test
    void leavesOtherStateInTheEnvAlone() {
        context.env().put("my-counter", 7);
        context.env().put("cpu_percent-total", List.of(1, 2));
        call("2026-11-27 14:00:00", 10);

        assertThat(context.env()).containsEntry("my-counter", 7).containsEntry("cpu_percent-total", List.of(1, 2));
    }

    @Test
    void handlesOneCpu() {
        Map<String, Object> output = call("2026-11-27 14:00:00", 42);
        assertThat(output).hasSize(3).containsEntry("moving_average_cpu_percent-0", 42.0);
    }

    @Test
    void handles256CpusInIndexOrder() {
        double[] first = new double[256];
        double[] second = new double[256];
        for (int cpu = 0; cpu < 256; cpu++) {
            first[cpu] = cpu % 100;
            second[cpu] = 100 - cpu % 100;
        }
        call("2026-11-27 14:00:00", first);
        Map<String, Object> output = call("2026-11-27 14:00:05", second);

        assertThat(output).hasSize(258);
        List<String> averageKeys = new ArrayList<>(output.keySet()).subList(2, 258);
        for (int cpu = 0; cpu < 256; cpu++) {
            assertThat(averageKeys.get(cpu)).isEqualTo("moving_average_cpu_percent-" + cpu);
            assertThat(average(output, cpu)).isCloseTo(50, within(1e-12));
        }
    }

    @Test
    void acceptsAHistoryRestoredWithAnyNumberTypesAndImmutableLists() {
        context.env()
                .put(
                        "cpu_percent-0",
                        List.of(
                                List.of(1795788000, 10),
                                List.of(1795788001L, 20.0f),
                                List.of(new BigDecimal("1795788002.5"), new BigDecimal("30"))));

        assertThat(average(call(1795788003.5, 40), 0)).isCloseTo(25, within(1e-12));
        assertThat(history(0)).hasSize(4);
    }

    @Test
    void startsAnUnreadableHistoryAfresh() {
        context.env().put("cpu_percent-0", "not a list");
        context.env().put("cpu_percent-1", List.of(List.of(1795788000, 10), List.of("yesterday", 20)));
        context.env().put("cpu_percent-2", List.of(List.of(1795788001, 10), List.of(1795788000, 20)));
        context.env().put("cpu_percent-3", List.of(List.of(1795788000, 10, 99)));

        Map<String, Object> output = call(1795788003, 50, 60, 70, 80);

        assertThat(average(output, 0)).isEqualTo(50, within(EXACT));
        assertThat(average(output, 1)).isEqualTo(60, within(EXACT));
        assertThat(average(output, 2)).isEqualTo(70, within(EXACT));
        assertThat(average(output, 3)).isEqualTo(80, within(EXACT));
        for (int cpu = 0; cpu < 4; cpu++) {
            assertThat(history(cpu)).hasSize(1);
        }
    }

    @Test
    void refusesACpuKeyThatIsNotAnIndex() {
        Map<String, Object> snapshot = Snapshot.at("2026-11-27 14:00:00", 10);
        snapshot.put("cpu_percent-all", 12.5);

        assertThatThrownBy(() -> function.handle(snapshot, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cpu_percent-all");
    }
}
