package io.fnpulse.service.redis;

import io.fnpulse.service.time.Durations;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter, for retrying a Redis server that went away: each failure doubles
 * the ceiling up to {@code max}, a success resets it. Jitter keeps many replicas from retrying in lockstep.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration ceiling;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.ceiling = initial;
    }

    /** The delay before the next attempt: random between half the current ceiling and the ceiling. */
    public synchronized Duration nextDelay() {
        long ceilingNanos = ceiling.toNanos();
        long delay = ceilingNanos / 2 + ThreadLocalRandom.current().nextLong(ceilingNanos / 2 + 1);
        Duration doubled = Durations.times(ceiling, 2);
        ceiling = doubled.compareTo(max) > 0 ? max : doubled;
        return Duration.ofNanos(delay);
    }

    public synchronized void reset() {
        ceiling = initial;
    }

    public Duration max() {
        return max;
    }
}
