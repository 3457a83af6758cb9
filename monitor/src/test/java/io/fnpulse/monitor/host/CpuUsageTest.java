package io.fnpulse.monitor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** psutil's cpu_percent(percpu=True) on tick counters ordered user, nice, system, idle, iowait, irq, softirq, steal. */
class CpuUsageTest {

    private static long[] ticks(
            long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
        return new long[] {user, nice, system, idle, iowait, irq, softirq, steal};
    }

    @Test
    void busyIsEverythingButIdleAndIowait() {
        long[][] before = {ticks(100, 0, 50, 1000, 10, 0, 0, 0)};
        long[][] after = {ticks(130, 5, 60, 1040, 20, 2, 2, 1)};
        // deltas: 30 5 10 40 10 2 2 1 = 100 in all, 50 idle or waiting

        assertThat(CpuUsage.percentages(before, after)).containsExactly(50.0);
    }

    @Test
    void roundsToOneDecimalAndCountsACounterThatWentBackwardsAsZero() {
        long[][] before = {ticks(0, 0, 0, 0, 0, 0, 0, 0), ticks(10, 0, 0, 100, 0, 0, 0, 0)};
        long[][] after = {ticks(1, 0, 0, 2, 0, 0, 0, 0), ticks(15, 0, 0, 90, 0, 0, 0, 0)};

        assertThat(CpuUsage.percentages(before, after)).containsExactly(33.3, 100.0);
    }

    @Test
    void givesZeroWhereNoTimePassedAndForACpuThatWasNotThereBefore() {
        long[][] before = {ticks(5, 5, 5, 5, 5, 5, 5, 5)};
        long[][] after = {ticks(5, 5, 5, 5, 5, 5, 5, 5), ticks(9, 0, 0, 9, 0, 0, 0, 0)};

        assertThat(CpuUsage.percentages(before, after)).containsExactly(0.0, 0.0);
    }

    @Test
    void measuresEachCallSinceThePreviousOne() {
        Deque<long[][]> readings = new ArrayDeque<>(List.of(
                new long[][] {ticks(0, 0, 0, 0, 0, 0, 0, 0)},
                new long[][] {ticks(25, 0, 0, 75, 0, 0, 0, 0)},
                new long[][] {ticks(125, 0, 0, 75, 0, 0, 0, 0)}));
        CpuUsage usage = new CpuUsage(readings::removeFirst);

        assertThat(usage.sinceLastCall()).containsExactly(25.0);
        assertThat(usage.sinceLastCall()).containsExactly(100.0);
    }
}
