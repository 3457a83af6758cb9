package io.fnpulse.monitor.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each CPU's utilisation since the previous call, computed from tick counters exactly as psutil's
 * {@code cpu_percent(percpu=True)}: busy = all − idle − iowait over the deltas (a counter that went backwards counts
 * as 0), as a percentage rounded to one decimal, and 0.0 where no time passed. Owns the previous counters.
 */
public final class CpuUsage {

    /** Index of each counter in a CPU's tick array, as OSHI's {@code CentralProcessor.TickType} orders them. */
    static final int IDLE = 3;

    static final int IOWAIT = 4;

    private final Supplier<long[][]> ticks;
    private long[][] previous;

    public CpuUsage(Supplier<long[][]> ticks) {
        this.ticks = ticks;
        this.previous = ticks.get();
    }

    public synchronized List<Double> sinceLastCall() {
        long[][] current = ticks.get();
        List<Double> percents = percentages(previous, current);
        previous = current;
        return percents;
    }

    static List<Double> percentages(long[][] before, long[][] after) {
        List<Double> percents = new ArrayList<>(after.length);
        for (int cpu = 0; cpu < after.length; cpu++) {
            percents.add(cpu < before.length ? percentage(before[cpu], after[cpu]) : 0.0);
        }
        return percents;
    }

    private static double percentage(long[] before, long[] after) {
        long all = 0;
        long idle = 0;
        for (int i = 0; i < after.length; i++) {
            long delta = Math.max(0, after[i] - (i < before.length ? before[i] : 0));
            all += delta;
            if (i == IDLE || i == IOWAIT) {
                idle += delta;
            }
        }
        if (all == 0) {
            return 0.0;
        }
        return PythonRound.oneDecimal((double) (all - idle) / all * 100);
    }
}
