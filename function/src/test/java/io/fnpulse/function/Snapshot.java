package io.fnpulse.function;

import java.util.LinkedHashMap;
import java.util.Map;

/** A valid host-metrics snapshot to start a test from, with eth0, memory figures and the given CPU values. */
final class Snapshot {

    private Snapshot() {}

    static Map<String, Object> at(Object timestamp, double... cpuPercents) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("timestamp", timestamp);
        snapshot.put("cpu_freq_current", 3326.43);
        for (int cpu = 0; cpu < cpuPercents.length; cpu++) {
            snapshot.put("cpu_percent-" + cpu, cpuPercents[cpu]);
        }
        snapshot.put("cpu_stats-ctx_switches", 123_491_044L);
        snapshot.put("cpu_stats-interrupts", 98_772_967L);
        snapshot.put("cpu_stats-soft_interrupts", 45_679_615L);
        snapshot.put("cpu_stats-syscalls", 0);
        snapshot.put("n_pids", 320);
        snapshot.put("virtual_memory-total", 16_000L);
        snapshot.put("virtual_memory-available", 11_000L);
        snapshot.put("virtual_memory-percent", 31.25);
        snapshot.put("virtual_memory-used", 5_000L);
        snapshot.put("virtual_memory-free", 6_000L);
        snapshot.put("virtual_memory-active", 4_000L);
        snapshot.put("virtual_memory-inactive", 2_000L);
        snapshot.put("virtual_memory-buffers", 1_000L);
        snapshot.put("virtual_memory-cached", 3_000L);
        snapshot.put("virtual_memory-shared", 600L);
        snapshot.put("virtual_memory-slab", 200L);
        putInterface(snapshot, "eth0", 250, 750);
        return snapshot;
    }

    static void putInterface(Map<String, Object> snapshot, String name, long sent, long received) {
        String prefix = "net_io_counters_" + name + "-";
        snapshot.put(prefix + "bytes_sent", sent);
        snapshot.put(prefix + "bytes_recv", received);
        snapshot.put(prefix + "packets_sent", 10L);
        snapshot.put(prefix + "packets_recv", 20L);
        snapshot.put(prefix + "errin", 0L);
        snapshot.put(prefix + "errout", 0L);
        snapshot.put(prefix + "dropin", 0L);
        snapshot.put(prefix + "dropout", 0L);
    }

    static void removeInterface(Map<String, Object> snapshot, String name) {
        snapshot.keySet().removeIf(key -> key.startsWith("net_io_counters_" + name + "-"));
    }
}
