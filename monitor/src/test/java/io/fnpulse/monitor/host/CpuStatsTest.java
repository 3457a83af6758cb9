package io.fnpulse.monitor.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuStatsTest {

    @Test
    void readsTheFirstNumberOfTheCtxtIntrAndSoftirqLinesAndZeroSyscalls() {
        CpuStats stats = CpuStats.fromProcStat(List.of(
                "cpu  70641 85 8074 167142 469 0 107 162 0 0",
                "cpu0 33689 39 3500 85946 46 0 19 76 0 0",
                "intr 564211 0 12 0 7",
                "ctxt 1434255",
                "btime 1795780000",
                "processes 5521",
                "softirq 286051 0 39418 4 17219 70829 0 11 78007 0 80563"));

        assertThat(stats).isEqualTo(new CpuStats(1_434_255, 564_211, 286_051, 0));
    }

    @Test
    void saysWhichFileLacksACounter() {
        assertThatThrownBy(() -> CpuStats.fromProcStat(List.of("ctxt 5", "intr 6 0")))
                .hasMessageContaining("/proc/stat");
    }
}
