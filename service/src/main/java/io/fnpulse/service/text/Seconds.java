package io.fnpulse.service.text;

import java.time.Duration;

/**
 * Durations as people write them in configuration and read them in logs: {@code 2.5}, {@code 30}, {@code 0.05}.
 * Written out rather than with {@code BigDecimal}, whose first use on Java 25 costs ~10 ms at start ({@link
 * io.fnpulse.service.time.Durations}).
 */
public final class Seconds {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Seconds() {}

    /** Decimal seconds without trailing zeros, e.g. {@code 2.5} for 2,500 ms. */
    public static String of(Duration duration) {
        long nanos = duration.toNanos();
        String whole = (nanos < 0 ? "-" : "") + Math.abs(nanos / NANOS_PER_SECOND);
        long fraction = Math.abs(nanos % NANOS_PER_SECOND);
        if (fraction == 0) {
            return whole;
        }
        String decimals = Long.toString(NANOS_PER_SECOND + fraction).substring(1);
        int end = decimals.length();
        while (decimals.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + decimals.substring(0, end);
    }

    /** Rounded to a tenth (half away from zero), with the unit, for log lines about how long something lasted: {@code 12.3 s}. */
    public static String rounded(Duration duration) {
        long millis = duration.toMillis();
        long tenths = (Math.abs(millis) + 50) / 100;
        return (millis < 0 && tenths > 0 ? "-" : "") + tenths / 10 + "." + tenths % 10 + " s";
    }
}
