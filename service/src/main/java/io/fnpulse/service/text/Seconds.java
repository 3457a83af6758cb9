package io.fnpulse.service.text;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as people write them in configuration and read them in logs: {@code 2.5}, {@code 30}, {@code 0.05}. */
public final class Seconds {

    private Seconds() {}

    /** Decimal seconds without trailing zeros, e.g. {@code 2.5} for 2,500 ms. */
    public static String of(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /** Rounded to a tenth, with the unit, for log lines about how long something lasted: {@code 12.3 s}. */
    public static String rounded(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3)
                        .setScale(1, java.math.RoundingMode.HALF_UP)
                        .toPlainString() + " s";
    }
}
