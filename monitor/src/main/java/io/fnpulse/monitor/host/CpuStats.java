package io.fnpulse.monitor.host;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Counters since boot, as psutil's {@code cpu_stats()} reports them on Linux: the first number of the {@code ctxt},
 * {@code intr} and {@code softirq} lines of /proc/stat. Linux does not count system calls, so psutil reports 0.
 */
public record CpuStats(long ctxSwitches, long interrupts, long softInterrupts, long syscalls) {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public static CpuStats fromProcStat(List<String> lines) {
        long ctxSwitches = -1;
        long interrupts = -1;
        long softInterrupts = -1;
        for (String line : lines) {
            if (line.startsWith("ctxt ")) {
                ctxSwitches = firstNumber(line);
            } else if (line.startsWith("intr ")) {
                interrupts = firstNumber(line);
            } else if (line.startsWith("softirq ")) {
                softInterrupts = firstNumber(line);
            }
        }
        if (ctxSwitches < 0 || interrupts < 0 || softInterrupts < 0) {
            throw new IllegalStateException("/proc/stat lacks one of its ctxt, intr and softirq lines");
        }
        return new CpuStats(ctxSwitches, interrupts, softInterrupts, 0);
    }

    private static long firstNumber(String line) {
        String[] fields = WHITESPACE.split(line.trim(), 3);
        return Long.parseLong(fields[1]);
    }
}
