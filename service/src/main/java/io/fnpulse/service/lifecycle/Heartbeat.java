package io.fnpulse.service.lifecycle;

import io.fnpulse.service.text.Seconds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The pulse of one work loop. The loop beats at least once per turn, each beat promising the next within some time;
 * a loop that ended, or let that time pass, is no longer working, and {@code /healthz} says so (see {@link Liveness}).
 * A turn that is known to take long (a call under its timeout, a compilation) promises more with
 * {@link #beatWithin(Duration)} instead of beating from inside it.
 */
public final class Heartbeat {

    private final String loop;
    private final Duration every;
    private final Clock clock;
    private final MeterRegistry registry;
    /** One beat, read and written as a whole so that no reader sees half of one beat and half of another. */
    private record Beat(Instant at, Duration promised, long deadlineNanos) {}

    private volatile Beat last;
    private volatile String endedBecause;
    private volatile Instant endedAt;

    Heartbeat(String loop, Duration every, Clock clock, MeterRegistry registry) {
        this.loop = loop;
        this.every = every;
        this.clock = clock;
        this.registry = registry;
        beat();
    }

    public String loop() {
        return loop;
    }

    /** Alive now; the next beat comes within the loop's usual period. */
    public void beat() {
        beatWithin(every);
    }

    /** Alive now; the next beat comes within {@code next} (never less than the usual period). */
    public void beatWithin(Duration next) {
        Duration allowed = next.compareTo(every) > 0 ? next : every;
        last = new Beat(clock.instant(), allowed, System.nanoTime() + allowed.toNanos());
    }

    /** Counts an error the loop survived, in {@code fnpulse_loop_errors_total{loop,error}}. */
    public void survived(Throwable error) {
        Counter.builder("fnpulse.loop.errors")
                .description("Errors a work loop caught and survived, by loop and error class")
                .tag("loop", loop)
                .tag("error", error.getClass().getSimpleName())
                .register(registry)
                .increment();
    }

    /** The loop's thread is done: stopped on request, or ended by an error it could not survive. */
    public void ended(String because) {
        endedAt = clock.instant();
        endedBecause = because;
    }

    /** Beating on time, and not ended. */
    public boolean fresh() {
        return endedBecause == null && System.nanoTime() - last.deadlineNanos() < 0;
    }

    /** Why this loop is not working, if it is not: the reason a {@code /healthz} answers 503. */
    public Optional<String> problem() {
        if (endedBecause != null) {
            return Optional.of("loop '" + loop + "' ended at " + endedAt + ": " + endedBecause);
        }
        Beat beat = last;
        if (System.nanoTime() - beat.deadlineNanos() < 0) {
            return Optional.empty();
        }
        return Optional.of("loop '" + loop + "' missed its heartbeat: last beat at " + beat.at() + " ("
                + Seconds.rounded(Duration.between(beat.at(), clock.instant())) + " ago), the next was due within "
                + Seconds.of(beat.promised()) + " s; stalled since " + beat.at().plus(beat.promised()));
    }

    /** Seconds since the last beat, for {@code fnpulse_loop_heartbeat_age_seconds}. */
    double ageSeconds() {
        return Duration.between(last.at(), clock.instant()).toMillis() / 1000.0;
    }
}
