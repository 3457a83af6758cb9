package io.fnpulse.bench.rig;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Host-metrics snapshots in the input format of data/metrics-stream.jsonl, as the psutil agent writes them: for a given number of CPUs,
 * one every five seconds, with counters that grow and utilisation that varies. Seeded, so every run sees the same.
 */
public final class Snapshots {

    public static final long INTERVAL_SECONDS = 5;
    private static final LocalDateTime START = LocalDateTime.of(2026, 11, 27, 14, 0, 5, 123_456_000);
    private static final DateTimeFormatter PYTHON = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private final int cpus;
    private final SplittableRandom random = new SplittableRandom(42);

    public Snapshots(int cpus) {
        this.cpus = cpus;
    }

    /** The i-th snapshot (i from 0), 5 s after the one before. */
    public String json(long i) {
        StringBuilder out = new StringBuilder(512 + cpus * 32);
        out.append("{\"timestamp\": \"")
                .append(PYTHON.format(START.plusSeconds(i * INTERVAL_SECONDS)))
                .append('"');
        out.append(", \"cpu_freq_current\": 2400.0");
        for (int cpu = 0; cpu < cpus; cpu++) {
            field(out, "cpu_percent-" + cpu, String.format(Locale.ROOT, "%.1f", random.nextDouble() * 100));
        }
        long tick = 1_000_000 + i;
        field(out, "cpu_stats-ctx_switches", Long.toString(tick * 5_000));
        field(out, "cpu_stats-interrupts", Long.toString(tick * 2_000));
        field(out, "cpu_stats-soft_interrupts", Long.toString(tick * 1_000));
        field(out, "cpu_stats-syscalls", "0");
        field(out, "n_pids", Integer.toString(300 + random.nextInt(20)));
        long total = 25_000_000_000L;
        field(out, "virtual_memory-total", Long.toString(total));
        field(out, "virtual_memory-available", Long.toString(20_000_000_000L + random.nextInt(1_000_000)));
        field(out, "virtual_memory-percent", "20.1");
        field(out, "virtual_memory-used", Long.toString(4_000_000_000L + random.nextInt(1_000_000)));
        field(out, "virtual_memory-free", Long.toString(19_000_000_000L));
        field(out, "virtual_memory-active", Long.toString(3_000_000_000L));
        field(out, "virtual_memory-inactive", Long.toString(1_000_000_000L));
        field(out, "virtual_memory-buffers", Long.toString(200_000_000L + random.nextInt(1_000_000)));
        field(out, "virtual_memory-cached", Long.toString(1_500_000_000L + random.nextInt(1_000_000)));
        field(out, "virtual_memory-shared", Long.toString(50_000_000L));
        field(out, "virtual_memory-slab", Long.toString(150_000_000L));
        for (String iface : new String[] {"lo", "eth0"}) {
            String prefix = "net_io_counters_" + iface + "-";
            field(out, prefix + "bytes_sent", Long.toString(tick * 1_500 + random.nextInt(1_000)));
            field(out, prefix + "bytes_recv", Long.toString(tick * 9_000 + random.nextInt(1_000)));
            field(out, prefix + "packets_sent", Long.toString(tick * 10));
            field(out, prefix + "packets_recv", Long.toString(tick * 20));
            field(out, prefix + "errin", "0");
            field(out, prefix + "errout", "0");
            field(out, prefix + "dropin", "0");
            field(out, prefix + "dropout", "0");
        }
        return out.append('}').toString();
    }

    private static void field(StringBuilder out, String key, String value) {
        out.append(", \"").append(key).append("\": ").append(value);
    }
}
