package io.fnpulse.service.time;

import java.time.Duration;

/**
 * Arithmetic on durations without {@code BigDecimal}: the JDK's {@link Duration#multipliedBy} computes through it, and
 * on Java 25 the first use of {@code BigDecimal} initialises it by computing 5^65536 (~10 ms interpreted and 2 MB of
 * garbage), which a service's start would otherwise pay for a few timeouts doubled.
 */
public final class Durations {

    private Durations() {}

    /** {@code duration} × {@code factor}, exact to the nanosecond; throws ArithmeticException beyond ±292 years. */
    public static Duration times(Duration duration, long factor) {
        return Duration.ofNanos(Math.multiplyExact(duration.toNanos(), factor));
    }
}
