package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.report.CodeError;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.lifecycle.Heartbeat;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The runtime's work, one turn per tick or wake-up, one input at a time, in order: pick up new code; then, for each
 * instance this replica serves — the ones a notification named first, all of them once per poll interval — stand by
 * unless its lease is held, give it back if it is retiring, become active (restore the saved env, learn whether the
 * last process died in a call), and hand what is new to its {@link InputPath}. Each step promises the heartbeat how
 * long it may take, so a stalled turn shows in {@code /healthz} and stops the leases' renewal.
 */
public final class FunctionLoop {

    /** How long each step of a turn may take before the loop counts as stalled. */
    public record Budgets(Duration tick, Duration load, Duration call, Duration redis) {}

    private final Ticker ticker;
    private final Leadership leadership;
    private final Fleet fleet;
    private final CodeUpdates codeUpdates;
    private final LiveFunction code;
    private final CodeError codeError;
    private final RedisHealth redis;
    private final Heartbeat heartbeat;
    private final Budgets budgets;
    private final Lanes lanes;
    private volatile boolean running = true;
    private long nextFullPassNanos;

    /**
     * @param codeError where the current code error is kept (every instance's status reads it)
     * @param lanes     how many instances are served at once (see {@link Lanes}); 1 for a single key
     */
    public FunctionLoop(
            Ticker ticker,
            Leadership leadership,
            Fleet fleet,
            CodeUpdates codeUpdates,
            LiveFunction code,
            CodeError codeError,
            RedisHealth redis,
            Heartbeat heartbeat,
            Budgets budgets,
            int lanes) {
        this.ticker = ticker;
        this.leadership = leadership;
        this.fleet = fleet;
        this.codeUpdates = codeUpdates;
        this.code = code;
        this.codeError = codeError;
        this.redis = redis;
        this.heartbeat = heartbeat;
        this.budgets = budgets;
        this.lanes = new Lanes(lanes);
    }

    /** One turn; the supervised loop around it contains whatever else a turn throws. */
    public void turn() throws InterruptedException {
        heartbeat.beatWithin(budgets.tick());
        ticker.awaitTick();
        if (!running) {
            return;
        }
        // new code first, before any Redis call: compiling needs no Redis
        heartbeat.beatWithin(budgets.load());
        Optional<ErrorReport> newCodeError = codeUpdates.refresh();
        AtomicBoolean worked = new AtomicBoolean();
        JedisException failure = lanes.serveAll(List.copyOf(dueNow()), instance -> {
            if (running && serve(instance, newCodeError)) {
                fleet.markDirty(instance); // more may be waiting: its next batch comes next turn, not next tick
                worked.set(true);
            }
        });
        if (failure != null) {
            redis.failed(failure);
            Duration pause = redis.nextRetry();
            heartbeat.beatWithin(pause.plus(budgets.redis()));
            ticker.await(pause);
            return;
        }
        if (worked.get()) {
            ticker.wake(); // a backlog drains at full speed, not one batch per tick
        }
    }

    /** The instances a notification named, then, once per poll interval, all of them. */
    private Set<Instance> dueNow() {
        Set<Instance> due = new LinkedHashSet<>(fleet.takeDirty());
        long now = System.nanoTime();
        if (now - nextFullPassNanos >= 0) {
            due.addAll(fleet.instances());
            nextFullPassNanos = now + ticker.interval().toNanos();
        }
        return due;
    }

    private boolean serve(Instance instance, Optional<ErrorReport> newCodeError) throws InterruptedException {
        heartbeat.beatWithin(budgets.call());
        if (instance.retiring()) {
            fleet.retire(instance);
            return false;
        }
        if (!instance.leader()) {
            instance.standBy();
            return false; // a standby keeps its code loaded, ready to take over, but reads no input
        }
        if (!instance.active()) {
            instance.becomeActive(codeError.get());
        } else if (newCodeError.isPresent()) {
            instance.reportCodeError(newCodeError.get());
        }
        boolean worked = instance.handleBatch(
                () -> heartbeat.beatWithin(budgets.call()), () -> running && instance.leader() && !instance.retiring());
        redis.reachable();
        return worked;
    }

    public Readiness readiness() {
        Optional<String> redisProblem = redis.notReady();
        if (redisProblem.isPresent()) {
            return Readiness.notReady(redisProblem.get());
        }
        Optional<String> leaseProblem = leadership.problem();
        if (leaseProblem.isPresent()) {
            return Readiness.notReady(leaseProblem.get());
        }
        List<Instance> instances = fleet.instances();
        return code.current()
                .map(function -> Readiness.ready(
                        fleet.isPattern()
                                ? "serving " + leadership.held() + " of " + instances.size() + " keys: "
                                        + function.describe()
                                : (instances.stream().anyMatch(Instance::active) ? "active: " : "standby: ")
                                        + function.describe()))
                .orElse(Readiness.notReady("no version of the function has loaded"));
    }

    /** Lets the turn in progress finish (its call included), then the loop ends. */
    public void stop() {
        running = false;
        ticker.wake();
        lanes.close();
    }

    public boolean running() {
        return running;
    }
}
