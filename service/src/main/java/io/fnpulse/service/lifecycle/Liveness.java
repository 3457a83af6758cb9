package io.fnpulse.service.lifecycle;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether a service is doing its work, which is what {@code /healthz} answers: every registered work loop is running
 * and beating on time. A process whose loop died or stalled must not look healthy, so that Kubernetes restarts it.
 */
public final class Liveness {

    /** What {@code /healthz} answers. */
    public record Report(boolean alive, String detail) {}

    private final MeterRegistry registry;
    private final Clock clock;
    private final List<Heartbeat> loops = new CopyOnWriteArrayList<>();

    public Liveness(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers a loop that beats at least every {@code every}; its first beat is now. */
    public Heartbeat loop(String name, Duration every) {
        Heartbeat heartbeat = new Heartbeat(name, every, clock, registry);
        loops.add(heartbeat);
        Gauge.builder("fnpulse.loop.heartbeat.age", heartbeat, Heartbeat::ageSeconds)
                .description("Seconds since the work loop last beat")
                .tag("loop", name)
                .baseUnit("seconds")
                .register(registry);
        return heartbeat;
    }

    public Report check() {
        List<String> problems =
                loops.stream().map(Heartbeat::problem).flatMap(Optional::stream).toList();
        if (!problems.isEmpty()) {
            return new Report(false, String.join("\n", problems));
        }
        return new Report(
                true,
                "ok: " + String.join(", ", loops.stream().map(Heartbeat::loop).toList())
                        + (loops.isEmpty() ? "no work loops" : " beating"));
    }
}
