package io.fnpulse.bench.rig;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies in nanoseconds, summarised by sorting and indexing (nearest rank): exact for the few thousand to few
 * hundred thousand values a harness collects, so no histogram library is needed.
 */
public final class Latencies {

    private long[] values = new long[1024];
    private int count;

    public void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    public int count() {
        return count;
    }

    /** The nearest-rank percentile, p in (0, 100]. */
    public long percentile(double p) {
        long[] sorted = sorted();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public long median() {
        return percentile(50);
    }

    private long[] sorted() {
        if (count == 0) {
            throw new IllegalStateException("no values");
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted;
    }

    /** One line: N, p50, p90, p99 and max in milliseconds. */
    public String summary() {
        if (count == 0) {
            return "N=0";
        }
        long[] sorted = sorted();
        return String.format(
                Locale.ROOT,
                "N=%d  p50=%s  p90=%s  p99=%s  max=%s ms",
                count,
                ms(at(sorted, 50)),
                ms(at(sorted, 90)),
                ms(at(sorted, 99)),
                ms(sorted[sorted.length - 1]));
    }

    private static long at(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static String ms(long nanos) {
        return String.format(Locale.ROOT, nanos < 10_000_000 ? "%.3f" : "%.1f", nanos / 1e6);
    }
}
