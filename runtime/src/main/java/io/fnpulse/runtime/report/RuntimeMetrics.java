package io.fnpulse.runtime.report;

import io.fnpulse.service.function.CallOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The runtime's meters in {@code /metrics}: what calls came to, Redis trouble, code loads, the lease, and what the
 * runtime had to defend itself against (abandoned calls, poison inputs, unusable state, threads a function left).
 * The work loops' own meters (errors survived, heartbeat age) come from the service kit's Liveness.
 */
public final class RuntimeMetrics {

    private final MeterRegistry registry;
    private final Timer duration;
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final AtomicInteger redisUp;
    private final AtomicInteger leaseHeld;
    private final AtomicInteger functionLoaded;
    private final AtomicInteger fleetKeys;
    private final AtomicInteger fleetHeld;
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
        this.redisUp = gauge(
                "fnpulse.redis.up", "1 while the last Redis command worked, 0 while Redis is unreachable or refuses");
        this.leaseHeld = gauge(
                "fnpulse.lease.held", "1 while this replica holds the lease and so is the one that calls the function");
        this.functionLoaded = gauge(
                "fnpulse.function.loaded",
                "1 once a version of the function has loaded (a failed reload keeps the old one)");
        this.fleetKeys = gauge(
                "fnpulse.fleet.keys",
                "With a pattern: the keys matching it that this replica knows of (0 for a single key)");
        this.fleetHeld = gauge(
                "fnpulse.fleet.leases.held", "With a pattern: the keys whose lease this replica holds, and so serves");
        this.abandoned = Counter.builder("fnpulse.calls.abandoned")
                .description("Calls past the timeout whose thread could not be stopped")
                .register(registry);
        this.poisonInputs = Counter.builder("fnpulse.poison.inputs")
                .description("Inputs skipped because the process running the function (the runtime, or a Python"
                        + " function's worker) died in calls with them POISON_RETRIES times")
                .register(registry);
    }

    /** A gauge of the value this returns, which the runtime sets. */
    private AtomicInteger gauge(String name, String description) {
        AtomicInteger value = new AtomicInteger();
        Gauge.builder(name, value, AtomicInteger::get).description(description).register(registry);
        return value;
    }

    /** Threads the running version started (and any abandoned to it), read when scraped. */
    public void functionThreads(IntSupplier count) {
        Gauge.builder("fnpulse.function.threads", count::getAsInt)
                .description("Threads the running version of the function started, and threads abandoned to it")
                .register(registry);
    }

    /** Versions whose class loader is still in memory, read when scraped. */
    public void versionsInMemory(IntSupplier count) {
        Gauge.builder("fnpulse.function.versions.in.memory", count::getAsInt)
                .description("Loaded versions of the function whose class loader is still reachable, the running one"
                        + " included; replaced ones leave after a garbage collection")
                .register(registry);
    }

    /** The worker processes of Python functions, read when scraped. */
    public void pythonWorkers(WorkerCounts workers) {
        FunctionCounter.builder("fnpulse.python.workers.started", workers, WorkerCounts::started)
                .description("Worker processes started for Python functions: each version's first, and restarts")
                .register(registry);
        FunctionCounter.builder("fnpulse.python.workers.restarted", workers, WorkerCounts::restarted)
                .description("Python worker processes started in place of one that ended (a call past the timeout,"
                        + " a death in a call, an exit between calls)")
                .register(registry);
        workersEnded(workers, "exited_between_calls", WorkerCounts::exitedBetweenCalls);
        workersEnded(workers, "died_in_call", WorkerCounts::diedInCalls);
        workersEnded(workers, "killed_at_deadline", WorkerCounts::killedAtDeadline);
    }

    private void workersEnded(WorkerCounts workers, String cause, ToDoubleFunction<WorkerCounts> count) {
        FunctionCounter.builder("fnpulse.python.workers.ended", workers, count)
                .tag("cause", cause)
                .description(
                        "Python worker processes that ended unasked, by cause: exited or crashed while no call ran,"
                                + " died during a call (counted toward POISON_RETRIES), killed when a call or an import ran"
                                + " past HANDLER_TIMEOUT_SECONDS")
                .register(registry);
    }

    /** TRIGGER=stream: the backlog of the streams this replica serves, as last counted. */
    public void backlog(LongSupplier entries) {
        Gauge.builder("fnpulse.backlog.entries", () -> entries.getAsLong())
                .description("Entries of the input streams this replica serves (holds the lease of) that their group"
                        + " has not acknowledged yet: pending plus not yet delivered; summed over the replicas, the"
                        + " group's backlog (refreshed every 5 s; counted up to 1,000 undelivered on Redis before 7)")
                .register(registry);
    }

    /** TRIGGER=stream: entries in the dead letter streams, refreshed with the backlog. */
    public void deadLetters(LongSupplier entries) {
        Gauge.builder("fnpulse.dead.letters", () -> entries.getAsLong())
                .description("Entries in <output key>:dead, waiting to be redriven or dropped (refreshed every 5 s)")
                .register(registry);
    }

    /** With a pattern: the keys this replica sees and the leases of them it holds, for "a key nobody serves". */
    public void fleet(int keys, int held) {
        fleetKeys.set(keys);
        fleetHeld.set(held);
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
