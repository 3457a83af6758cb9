package io.fnpulse.monitor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** psutil's virtual_memory() formulas, on /proc/meminfo contents whose answers are worked out by hand. */
class VirtualMemoryTest {

    private static final long KIB = 1024;

    private static List<String> meminfo(String... lines) {
        return List.of(lines);
    }

    private static final List<String> TYPICAL = meminfo(
            "MemTotal:       16000000 kB",
            "MemFree:         6000000 kB",
            "MemAvailable:   11000000 kB",
            "Buffers:          300000 kB",
            "Cached:          4000000 kB",
            "SwapCached:            0 kB",
            "Active:          4500000 kB",
            "Inactive:        2500000 kB",
            "Active(file):    2000000 kB",
            "Shmem:             65000 kB",
            "Slab:             260000 kB",
            "SReclaimable:     200000 kB",
            "SUnreclaim:        60000 kB",
            "HugePages_Total:       0");

    @Test
    void readsEveryFigureAsPsutilDoes() {
        VirtualMemory memory = VirtualMemory.fromMeminfo(TYPICAL);

        assertThat(memory.total()).isEqualTo(16_000_000 * KIB);
        assertThat(memory.free()).isEqualTo(6_000_000 * KIB);
        assertThat(memory.available()).isEqualTo(11_000_000 * KIB);
        assertThat(memory.buffers()).isEqualTo(300_000 * KIB);
        assertThat(memory.cached()).as("Cached + SReclaimable").isEqualTo(4_200_000 * KIB);
        assertThat(memory.used()).as("total - free - cached - buffers").isEqualTo(5_500_000 * KIB);
        assertThat(memory.active()).isEqualTo(4_500_000 * KIB);
        assertThat(memory.inactive()).isEqualTo(2_500_000 * KIB);
        assertThat(memory.shared()).isEqualTo(65_000 * KIB);
        assertThat(memory.slab()).isEqualTo(260_000 * KIB);
        assertThat(memory.percent())
                .as("(total - available) / total, 31.25 rounded half to even")
                .isEqualTo(31.2);
    }

    @Test
    void usedFallsBackToTotalMinusFreeWhereCachesExceedTheRest() {
        VirtualMemory memory = VirtualMemory.fromMeminfo(meminfo(
                "MemTotal: 1000 kB",
                "MemFree: 400 kB",
                "MemAvailable: 900 kB",
                "Buffers: 300 kB",
                "Cached: 400 kB",
                "SReclaimable: 100 kB"));

        assertThat(memory.used()).isEqualTo(600 * KIB);
    }

    @Test
    void estimatesAvailableAsFreePlusCachedWhereTheKernelGivesNone() {
        VirtualMemory memory = VirtualMemory.fromMeminfo(meminfo(
                "MemTotal: 1000 kB", "MemFree: 300 kB", "Buffers: 50 kB", "Cached: 200 kB", "SReclaimable: 20 kB"));

        assertThat(memory.available()).isEqualTo(500 * KIB);
        assertThat(memory.percent()).isEqualTo(50.0);
    }

    @Test
    void takesFreeAsAvailableWhereAvailableExceedsTotal() {
        VirtualMemory memory =
                VirtualMemory.fromMeminfo(meminfo("MemTotal: 1000 kB", "MemFree: 300 kB", "MemAvailable: 5000 kB"));

        assertThat(memory.available()).isEqualTo(300 * KIB);
    }

    @Test
    void addsUpOldKernelsInactiveParts() {
        VirtualMemory memory = VirtualMemory.fromMeminfo(meminfo(
                "MemTotal: 1000 kB",
                "MemFree: 300 kB",
                "MemAvailable: 600 kB",
                "Inact_dirty: 10 kB",
                "Inact_clean: 20 kB",
                "Inact_laundry: 30 kB",
                "MemShared: 7 kB"));

        assertThat(memory.inactive()).isEqualTo(60 * KIB);
        assertThat(memory.shared()).isEqualTo(7 * KIB);
    }

    @Test
    void roundsThePercentageAsPythonRoundsTheExactBinaryValue() {
        // 6.25 and 18.75 are exact in binary: ties, which go to the even neighbour
        assertThat(VirtualMemory.usagePercent(1, 8)).isEqualTo(12.5);
        assertThat(VirtualMemory.usagePercent(1, 16)).isEqualTo(6.2);
        assertThat(VirtualMemory.usagePercent(3, 16)).isEqualTo(18.8);
        assertThat(VirtualMemory.usagePercent(2, 3)).isEqualTo(66.7);
        assertThat(VirtualMemory.usagePercent(5, 0)).isEqualTo(0.0);
    }

    @Test
    void ignoresLinesWithoutAFigure() {
        List<String> lines = new ArrayList<>(TYPICAL);
        lines.add("");
        lines.add("DirectMap4k:      169856 kB");

        assertThat(VirtualMemory.fromMeminfo(lines)).isEqualTo(VirtualMemory.fromMeminfo(TYPICAL));
    }
}
