package io.fnpulse.monitor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostSnapshotTest {

    @Test
    void writesTheTimestampAsPythonsStrOfADatetime() {
        assertThat(HostSnapshot.pythonTimestamp(LocalDateTime.of(2026, 11, 27, 14, 0, 5, 123_456_789)))
                .isEqualTo("2026-11-27 14:00:05.123456");
        assertThat(HostSnapshot.pythonTimestamp(LocalDateTime.of(2026, 11, 27, 14, 0, 5, 1_000)))
                .isEqualTo("2026-11-27 14:00:05.000001");
        assertThat(HostSnapshot.pythonTimestamp(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 999)))
                .isEqualTo("2026-01-02 03:04:05");
    }

    @Test
    void putsIntegersAsLongsAndFractionsAsDoublesInTheSeedAgentsKeyOrder() {
        HostSnapshot snapshot = new HostSnapshot(
                LocalDateTime.of(2026, 11, 27, 14, 0, 5),
                2596.156,
                List.of(12.5, 0.0),
                new CpuStats(1, 2, 3, 0),
                320,
                new VirtualMemory(16, 11, 31.3, 5, 6, 4, 2, 1, 3, 1, 1),
                List.of(new InterfaceCounters("eth0", 1, 2, 3, 4, 5, 6, 7, 8)));

        Map<String, Object> json = snapshot.toJsonObject();

        assertThat(json.keySet())
                .containsExactly(
                        "timestamp",
                        "cpu_freq_current",
                        "cpu_percent-0",
                        "cpu_percent-1",
                        "cpu_stats-ctx_switches",
                        "cpu_stats-interrupts",
                        "cpu_stats-soft_interrupts",
                        "cpu_stats-syscalls",
                        "n_pids",
                        "virtual_memory-total",
                        "virtual_memory-available",
                        "virtual_memory-percent",
                        "virtual_memory-used",
                        "virtual_memory-free",
                        "virtual_memory-active",
                        "virtual_memory-inactive",
                        "virtual_memory-buffers",
                        "virtual_memory-cached",
                        "virtual_memory-shared",
                        "virtual_memory-slab",
                        "net_io_counters_eth0-bytes_sent",
                        "net_io_counters_eth0-bytes_recv",
                        "net_io_counters_eth0-packets_sent",
                        "net_io_counters_eth0-packets_recv",
                        "net_io_counters_eth0-errin",
                        "net_io_counters_eth0-errout",
                        "net_io_counters_eth0-dropin",
                        "net_io_counters_eth0-dropout");
        assertThat(json)
                .containsEntry("timestamp", "2026-11-27 14:00:05")
                .containsEntry("cpu_percent-1", 0.0)
                .containsEntry("virtual_memory-percent", 31.3)
                .containsEntry("n_pids", 320L)
                .containsEntry("net_io_counters_eth0-dropout", 8L);
    }
}
