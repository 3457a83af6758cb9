package io.fnpulse.monitor.host;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Python's {@code round(x, 1)}: rounds the exact binary value, ties to even, as psutil's percentages are. */
final class PythonRound {

    private PythonRound() {}

    static double oneDecimal(double value) {
        if (!Double.isFinite(value)) {
            return value;
        }
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
    }
}
