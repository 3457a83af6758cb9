package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.SavedState;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.runtime.trigger.InputSource;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.text.Digest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The runtime's work, one turn per tick, one input at a time, in order: pick up new code; stand by unless this
 * replica leads; on becoming active restore the saved env and learn whether the last process died in a call; read
 * the input; hand it to its {@link InputPath}. Each turn promises its heartbeat how long its next step may take, so a
 * stalled turn shows in {@code /healthz} and stops the lease's renewal.
 */
public final class FunctionLoop {

    /** How long each step of a turn may take before the loop counts as stalled. */
    public record Budgets(Duration tick, Duration load, Duration call, Duration redis) {
    }

    private static final Logger log = LoggerFactory.getLogger(FunctionLoop.class);

    private final Ticker ticker;
    private final Leadership leadership;
    private final CodeUpdates codeUpdates;
    private final LiveFunction code;
    private final InputSource inputs;
    private final InputPath path;
    private final StateStore state;
    private final InFlight inFlight;
    private final CallRecords records;
    private final StatusReport status;
    private final RuntimeContext context;
    private final RedisHealth redis;
    private final Heartbeat heartbeat;
    private final Budgets budgets;
    private final Clock clock;
    private volatile boolean running = true;
    private volatile boolean active;

    public FunctionLoop(Ticker ticker, Leadership leadership, CodeUpdates codeUpdates, LiveFunction code,
                 InputSource inputs, InputPath path, StateStore state, InFlight inFlight, CallRecords records,
                 StatusReport status, RuntimeContext context, RedisHealth redis, Heartbeat heartbeat,
                 Budgets budgets, Clock clock) {
        this.ticker = ticker;
        this.leadership = leadership;
        this.codeUpdates = codeUpdates;
        this.code = code;
        this.inputs = inputs;
        this.path = path;
        this.state = state;
        this.inFlight = inFlight;
        this.records = records;
        this.status = status;
        this.context = context;
        this.redis = redis;
        this.heartbeat = heartbeat;
        this.budgets = budgets;
        this.clock = clock;
    }

    /** One turn; the supervised loop around it contains whatever else a turn throws. */
    public void turn() throws InterruptedException {
        heartbeat.beatWithin(budgets.tick());
        ticker.awaitTick();
        if (!running) {
            return;
        }
        try {
            // new code first, before any Redis call: compiling needs no Redis
            heartbeat.beatWithin(budgets.load());
            Optional<ErrorReport> codeError = codeUpdates.refresh();
            heartbeat.beatWithin(budgets.call());
            if (!leadership.leader()) {
                active = false;
                return; // a standby keeps its code loaded, ready to take over, but reads no input
            }
            if (!active) {
                becomeActive();
            } else if (codeError.isPresent()) {
                reportCodeError(codeError.get());
            }
            List<Input> batch = inputs.next();
            redis.reachable();
            for (int i = 0; i < batch.size(); i++) {
                Input input = batch.get(i);
                heartbeat.beatWithin(budgets.call());
                Optional<Input> next = i + 1 < batch.size() ? Optional.of(batch.get(i + 1)) : Optional.empty();
                if (path.handle(input, next) == InputPath.Result.AGAIN) {
                    inputs.again();
                    return;
                }
                inputs.handled(input);
                if (!running || !leadership.leader()) {
                    path.abandonMarkedAhead();
                    inputs.again();
                    return;
                }
            }
            if (!batch.isEmpty()) {
                ticker.wake(); // a backlog drains at full speed, not one batch per tick
            }
        } catch (JedisException e) {
            redis.failed(e);
            Duration pause = redis.nextRetry();
            heartbeat.beatWithin(pause.plus(budgets.redis()));
            ticker.await(pause);
        }
    }

    private void becomeActive() throws InterruptedException {
        Optional<SavedState> saved = state.load();
        saved.ifPresent(restored -> context.restoreEnv(restored.env()));
        inputs.becameActive(saved.map(SavedState::inputDigest).orElse(""));
        path.diedDuring(inFlight.read());
        active = true;
        redis.reachable();
        Optional<ErrorReport> codeError = status.codeError();
        if (codeError.isPresent()) {
            reportCodeError(codeError.get());
        }
        log.info("active; {}", saved.map(restored -> "restored env (" + restored.env().size() + " keys) saved "
                        + restored.savedAt() + " after input " + Digest.abbreviate(restored.inputDigest()))
                .orElse(state.key().map(key -> "no saved state in " + key + "; starting from an empty env")
                        .orElse("state saving is off (STATE_KEY is empty)")));
    }

    /** The status of a version that did not load, written while no call runs. */
    private void reportCodeError(ErrorReport error) throws InterruptedException {
        records.commit(Commit.Writes.status(status.failure(code.current(), error, null, clock.instant())));
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
        return code.current()
                .map(function -> Readiness.ready((active ? "active: " : "standby: ") + function.describe()))
                .orElse(Readiness.notReady("no version of the function has loaded"));
    }

    /** Lets the turn in progress finish (its call included), then the loop ends. */
    public void stop() {
        running = false;
        ticker.wake();
    }

    public boolean running() {
        return running;
    }
}
