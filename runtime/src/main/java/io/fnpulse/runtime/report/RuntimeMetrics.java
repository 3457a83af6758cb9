package io.fnpulse.runtime.report;

import io.fnpulse.service.function.CallOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime's meters in {@code /metrics}: what calls came to, Redis trouble, code loads, the lease, and what the
 * runtime had to defend itself against (abandoned calls, poison inputs, unusable state, threads a function left).
 * The work loops' own meters (errors survived, heartbeat age) come from the service kit's Liveness.
 */
public final class RuntimeMetrics {

    private final MeterRegistry registry;
    private final Timer duration;
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final AtomicInteger redisUp = new AtomicInteger();
    private final AtomicInteger leaseHeld = new AtomicInteger();
    private final AtomicInteger functionLoaded = new AtomicInteger();
    private final Counter abandoned;
    private final Counter poisonInputs;

    public RuntimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("fnpulse.invocation.duration")
                .description("Time a call took, serialising its result included")
                .register(registry);
        TimeGauge.builder("fnpulse.last.success", lastSuccessMillis, TimeUnit.MILLISECONDS, AtomicLong::get)
                .description("When the last successful call's output was written (epoch)")
                .register(registry);
        registry.gauge("fnpulse.redis.up", redisUp);
        registry.gauge("fnpulse.lease.held", leaseHeld);
        registry.gauge("fnpulse.function.loaded", functionLoaded);
        this.abandoned = Counter.builder("fnpulse.calls.abandoned")
                .description("Calls past the timeout whose thread could not be stopped")
                .register(registry);
        this.poisonInputs = Counter.builder("fnpulse.poison.inputs")
                .description("Inputs skipped because the process died in calls with them POISON_RETRIES times")
                .register(registry);
    }

    /** Threads the running version started (and any abandoned to it), read when scraped. */
    public void functionThreads(java.util.function.IntSupplier count) {
        io.micrometer.core.instrument.Gauge.builder("fnpulse.function.threads", count::getAsInt)
                .description("Threads the running version of the function started, and threads abandoned to it")
                .register(registry);
    }

    /** Versions whose class loader is still in memory, read when scraped. */
    public void versionsInMemory(java.util.function.IntSupplier count) {
        io.micrometer.core.instrument.Gauge.builder("fnpulse.function.versions.in.memory", count::getAsInt)
                .description("Loaded versions of the function whose class loader is still reachable, the running one"
                        + " included; replaced ones leave after a garbage collection")
                .register(registry);
    }

    /** TRIGGER=stream: the backlog of the streams this replica serves, as last counted. */
    public void backlog(java.util.function.LongSupplier entries) {
        io.micrometer.core.instrument.Gauge.builder("fnpulse.backlog.entries", () -> entries.getAsLong())
                .description("Entries of the input streams this replica serves (holds the lease of) that their group"
                        + " has not acknowledged yet: pending plus not yet delivered; summed over the replicas, the"
                        + " group's backlog (refreshed every 5 s; counted up to 1,000 undelivered on Redis before 7)")
                .register(registry);
    }

    public void poisonInput() {
        poisonInputs.increment();
    }

    /** One call, by its outcome's tag. */
    public void invocation(CallOutcome outcome, Duration took) {
        Counter.builder("fnpulse.invocations")
                .tag("outcome", outcome.tag())
                .description("Calls of the function, by outcome")
                .register(registry)
                .increment();
        duration.record(took);
    }

    public void succeededAt(Instant when) {
        lastSuccessMillis.set(when.toEpochMilli());
    }

    /** A Redis command failed: {@code problem} is unreachable, login_refused or command_refused. */
    public void redisError(String problem) {
        Counter.builder("fnpulse.redis.errors")
                .tag("problem", problem)
                .description("Redis commands that failed, by what went wrong")
                .register(registry)
                .increment();
    }

    public void redisUp(boolean up) {
        redisUp.set(up ? 1 : 0);
    }

    public void leaseHeld(boolean held) {
        leaseHeld.set(held ? 1 : 0);
    }

    public void codeLoaded() {
        functionLoaded.set(1);
        Counter.builder("fnpulse.code.loads")
                .tag("outcome", "loaded")
                .tag("kind", "none")
                .description("Attempts to load a version of the function's code")
                .register(registry)
                .increment();
    }

    public void codeLoadFailed(String kind) {
        Counter.builder("fnpulse.code.loads")
                .tag("outcome", "failed")
                .tag("kind", kind)
                .description("Attempts to load a version of the function's code")
                .register(registry)
                .increment();
    }

    public void callAbandoned() {
        abandoned.increment();
    }
}
