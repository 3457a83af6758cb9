package io.fnpulse.monitor.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * System memory in bytes with psutil's meaning of every figure ({@code psutil.virtual_memory()} on Linux, which
 * matches the {@code free} command): cached includes SReclaimable, used is total − free − buffers − cached (or
 * total − free where that would be negative, as in some containers), shared is Shmem, and percent is
 * (total − available) / total, rounded to one decimal.
 */
public record VirtualMemory(
        long total,
        long available,
        double percent,
        long used,
        long free,
        long active,
        long inactive,
        long buffers,
        long cached,
        long shared,
        long slab) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** From the lines of /proc/meminfo, whose figures are in KiB. */
    public static VirtualMemory fromMeminfo(List<String> lines) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : lines) {
            String[] fields = WHITESPACE.split(line.trim());
            if (fields.length >= 2 && fields[0].endsWith(":")) {
                kib.put(fields[0].substring(0, fields[0].length() - 1), Long.parseLong(fields[1]));
            }
        }
        if (!kib.containsKey("MemTotal") || !kib.containsKey("MemFree")) {
            throw new IllegalStateException("/proc/meminfo lacks MemTotal or MemFree");
        }
        long total = bytes(kib, "MemTotal");
        long free = bytes(kib, "MemFree");
        long buffers = bytes(kib, "Buffers");
        long rawCached = bytes(kib, "Cached");
        long cached = kib.containsKey("Cached") ? rawCached + bytes(kib, "SReclaimable") : 0;
        long shared = kib.containsKey("Shmem") ? bytes(kib, "Shmem") : bytes(kib, "MemShared");
        long active = bytes(kib, "Active");
        long inactive = kib.containsKey("Inactive")
                ? bytes(kib, "Inactive")
                : bytes(kib, "Inact_dirty") + bytes(kib, "Inact_clean") + bytes(kib, "Inact_laundry");
        long slab = bytes(kib, "Slab");

        long used = total - free - cached - buffers;
        if (used < 0) {
            used = total - free;
        }
        long available = bytes(kib, "MemAvailable");
        if (available == 0) {
            // kernels before 3.14 (or the odd kernel bug) give no figure: psutil's simplest estimate
            available = free + rawCached;
        }
        if (available > total) {
            available = free;
        }
        return new VirtualMemory(
                total,
                available,
                usagePercent(total - available, total),
                used,
                free,
                active,
                inactive,
                buffers,
                cached,
                shared,
                slab);
    }

    /** Where there is no /proc/meminfo: total and available from the OS, the rest as far as it can be known. */
    public static VirtualMemory fromTotalAndAvailable(long total, long available) {
        return new VirtualMemory(
                total,
                available,
                usagePercent(total - available, total),
                total - available,
                available,
                0,
                0,
                0,
                0,
                0,
                0);
    }

    private static long bytes(Map<String, Long> kib, String field) {
        return kib.getOrDefault(field, 0L) * 1024;
    }

    /** psutil's usage_percent(used, total, round_=1). */
    static double usagePercent(long used, long total) {
        return total == 0 ? 0.0 : PythonRound.oneDecimal((double) used / total * 100);
    }
}
