package io.fnpulse.bench.rig;

import java.util.Locale;

/**
 * A value of the output key shaped like the metrics function's for a 4-CPU host, with a {@code seq} number in front
 * that names it, so the dashboard's frames are as large as real ones and each can be matched to its write.
 */
public final class OutputValues {

    private OutputValues() {}

    public static String numbered(int seq) {
        double wave = (seq % 100) / 100.0;
        return String.format(
                Locale.ROOT,
                "{\"seq\": %d, \"percentage_outgoing_bytes\": %.12f,"
                        + " \"percentage_memory_caching\": %.12f, \"moving_average_cpu_percent-0\": %.12f,"
                        + " \"moving_average_cpu_percent-1\": %.12f, \"moving_average_cpu_percent-2\": %.12f,"
                        + " \"moving_average_cpu_percent-3\": %.12f}",
                seq,
                14.2 + wave,
                6.8 + wave,
                20 + 30 * wave,
                25 + 10 * wave,
                5 + 50 * wave,
                40 - 20 * wave);
    }
}
