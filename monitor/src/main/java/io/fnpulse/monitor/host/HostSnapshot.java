package io.fnpulse.monitor.host;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One sample of this host, and its wire form: the flat JSON object of data/metrics-stream.jsonl, keys in the seed agent's order. */
public record HostSnapshot(
        LocalDateTime time,
        double cpuFreqMhz,
        List<Double> cpuPercents,
        CpuStats cpuStats,
        long processes,
        VirtualMemory memory,
        List<InterfaceCounters> interfaces) {

    private static final DateTimeFormatter PYTHON_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    public HostSnapshot {
        cpuPercents = List.copyOf(cpuPercents);
        interfaces = List.copyOf(interfaces);
    }

    /** Integers as Long and floats as Double, so that JSON gets integers and numbers with a fraction. */
    public Map<String, Object> toJsonObject() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", pythonTimestamp(time));
        json.put("cpu_freq_current", cpuFreqMhz);
        for (int cpu = 0; cpu < cpuPercents.size(); cpu++) {
            json.put("cpu_percent-" + cpu, cpuPercents.get(cpu));
        }
        json.put("cpu_stats-ctx_switches", cpuStats.ctxSwitches());
        json.put("cpu_stats-interrupts", cpuStats.interrupts());
        json.put("cpu_stats-soft_interrupts", cpuStats.softInterrupts());
        json.put("cpu_stats-syscalls", cpuStats.syscalls());
        json.put("n_pids", processes);
        json.put("virtual_memory-total", memory.total());
        json.put("virtual_memory-available", memory.available());
        json.put("virtual_memory-percent", memory.percent());
        json.put("virtual_memory-used", memory.used());
        json.put("virtual_memory-free", memory.free());
        json.put("virtual_memory-active", memory.active());
        json.put("virtual_memory-inactive", memory.inactive());
        json.put("virtual_memory-buffers", memory.buffers());
        json.put("virtual_memory-cached", memory.cached());
        json.put("virtual_memory-shared", memory.shared());
        json.put("virtual_memory-slab", memory.slab());
        for (InterfaceCounters nic : interfaces) {
            String prefix = "net_io_counters_" + nic.name() + "-";
            json.put(prefix + "bytes_sent", nic.bytesSent());
            json.put(prefix + "bytes_recv", nic.bytesRecv());
            json.put(prefix + "packets_sent", nic.packetsSent());
            json.put(prefix + "packets_recv", nic.packetsRecv());
            json.put(prefix + "errin", nic.errin());
            json.put(prefix + "errout", nic.errout());
            json.put(prefix + "dropin", nic.dropin());
            json.put(prefix + "dropout", nic.dropout());
        }
        return json;
    }

    /** Python's {@code str(datetime)}: microseconds are left out when they are 0. */
    static String pythonTimestamp(LocalDateTime time) {
        int micros = time.get(ChronoField.MICRO_OF_SECOND);
        String seconds = PYTHON_SECONDS.format(time);
        return micros == 0 ? seconds : seconds + "." + String.format("%06d", micros);
    }
}
