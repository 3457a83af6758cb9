package io.fnpulse.dashboard.metrics;

import io.fnpulse.dashboard.poll.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The dashboard's own meters, next to the output gauges in {@code /metrics}: how polls go, whether Redis answers,
 * how old the newest sample is, and how the WebSocket fan-out copes.
 */
public final class DashboardMeters {

    private final MeterRegistry registry;
    private final Timer poll;
    private final Counter unreachable;
    private final Counter samples;
    private final Counter sampleFrames;
    private final Counter stateFrames;
    private final Counter framesDropped;
    private final Counter resyncs;

    public DashboardMeters(MeterRegistry registry) {
        this.registry = registry;
        this.poll = Timer.builder("fnpulse.dashboard.poll")
                .description(
                        "polls of the output and status keys (one bounded read each), whatever the number of browsers")
                .register(registry);
        this.unreachable = Counter.builder("fnpulse.dashboard.redis.unreachable")
                .description("polls that could not reach Redis")
                .register(registry);
        this.samples = Counter.builder("fnpulse.dashboard.samples")
                .description("new values of the output key recorded in the history")
                .register(registry);
        this.sampleFrames = broadcastFrames("sample");
        this.stateFrames = broadcastFrames("state");
        this.framesDropped = Counter.builder("fnpulse.dashboard.ws.frames.dropped")
                .description("frames dropped for a browser that fell too far behind; it is told to resync")
                .register(registry);
        this.resyncs = Counter.builder("fnpulse.dashboard.ws.resyncs")
                .description("resync frames sent to browsers that fell behind, telling them to fetch what they missed")
                .register(registry);
        for (Problem.Kind kind : Problem.Kind.values()) {
            problemCounter(kind);
        }
        statusProblemCounter(Problem.Kind.TOO_LARGE);
        statusProblemCounter(Problem.Kind.WRONG_TYPE);
    }

    public void polled(Duration took) {
        poll.record(took);
    }

    public void unreachable() {
        unreachable.increment();
    }

    public void sampleRecorded() {
        samples.increment();
    }

    public void problem(Problem.Kind kind) {
        problemCounter(kind).increment();
    }

    public void statusProblem(Problem.Kind kind) {
        statusProblemCounter(kind).increment();
    }

    public void historyEntrySkipped(Problem.Kind kind) {
        Counter.builder("fnpulse.dashboard.history.skipped")
                .description("entries of the output history stream that could not be charted, by cause")
                .tag("cause", kind.label())
                .register(registry)
                .increment();
    }

    public void sampleFrameBuilt() {
        sampleFrames.increment();
    }

    public void stateFrameBuilt() {
        stateFrames.increment();
    }

    public void framesDropped(int count) {
        framesDropped.increment(count);
    }

    public void resynced() {
        resyncs.increment();
    }

    /** A gauge read from whoever owns the value, e.g. the number of connected browsers. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    private Counter broadcastFrames(String kind) {
        return Counter.builder("fnpulse.dashboard.ws.broadcast.frames")
                .description("frames built once and sent to every browser: one per sample, one per change of state")
                .tag("kind", kind)
                .register(registry);
    }

    private Counter statusProblemCounter(Problem.Kind kind) {
        return Counter.builder("fnpulse.dashboard.status.problems")
                .description("new values of the status key that could not be read, by cause")
                .tag("cause", kind.label())
                .register(registry);
    }

    private Counter problemCounter(Problem.Kind kind) {
        return Counter.builder("fnpulse.dashboard.output.problems")
                .description("new values of the output key that could not be charted, by cause")
                .tag("cause", kind.label())
                .register(registry);
    }
}
