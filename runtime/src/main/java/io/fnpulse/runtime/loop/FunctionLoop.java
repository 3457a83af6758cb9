package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.FailureKind;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.NoFunctionException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.report.ErrorReport;
import io.fnpulse.runtime.report.FailureLog;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.SavedState;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.runtime.trigger.InputWatcher;
import io.fnpulse.runtime.trigger.Ticker;
import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.redis.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The runtime's loop, one input at a time, in order: wait for a tick, make sure this replica holds the lease,
 * pick up new code, read the input, call the function, write output, state and status in one step.
 */
public final class FunctionLoop {

    private static final Logger log = LoggerFactory.getLogger(FunctionLoop.class);

    private final Parts parts;
    private final FailureLog redisFailures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.redis"));
    private final FailureLog callFailures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.invoke"));
    private final FailureLog codeFailures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.load"));
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private volatile boolean running = true;
    private volatile boolean redisUp;
    private boolean active;
    private boolean announcedStandby;

    /** What the loop works with, wired in Main. */
    public record Parts(Ticker ticker, Lease lease, StateStore state, LiveFunction code, InputWatcher inputs,
                        InputDecoder decoder, Invoker invoker, Commit commit, StatusReport status,
                        RuntimeContext context, RuntimeMetrics metrics, Optional<String> outputKey, Clock clock) {
    }

    public FunctionLoop(Parts parts) {
        this.parts = parts;
    }

    public void run() {
        // Compiling needs no Redis: do it before the first Redis call, so a slow or absent Redis does not hold it up
        // (and an image's CDS training run, which has no Redis, still sees javac's classes).
        refreshCode(false);
        while (running) {
            try {
                parts.ticker().awaitTick();
                if (running) {
                    step();
                    redisReachable();
                }
            } catch (JedisException e) {
                redisUnreachable(e);
                awaitRetry();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a defect of ours must not end the loop: report it and carry on with the next tick
                log.error("unexpected error in the runtime loop; carrying on", e);
                awaitRetry();
            }
        }
    }

    private void step() throws InterruptedException {
        boolean leader = holdLease();
        refreshCode(leader);
        if (!leader) {
            return; // a standby keeps its code loaded, ready to take over, but reads no input
        }
        Optional<Input> input = parts.inputs().next();
        if (input.isPresent()) {
            handle(input.get());
        }
    }

    private void handle(Input input) throws InterruptedException {
        Optional<LoadedFunction> function = parts.code().current();
        Outcome outcome = call(function, input);
        Instant now = parts.clock().instant();
        if (outcome instanceof Outcome.Success success) {
            String state = parts.state().encode(success.envJson(), input.digest(), version(function), now);
            String status = parts.status().success(function, success.took(), now);
            if (!writeUntilDone(success.output(), Optional.of(state), status)) {
                parts.invoker().undoLastCall();
                return;
            }
            parts.context().executedAt(now);
            recordSuccess(success, now);
        } else if (outcome instanceof Outcome.Failure failure) {
            ErrorReport error = ErrorReport.of(failure.cause());
            writeUntilDone(Optional.empty(), Optional.empty(), parts.status().failure(function, error, failure.took(), now));
            recordFailure(failure);
            if (failure.kind() == FailureKind.NO_FUNCTION) {
                return; // handled once the code loads
            }
        }
        parts.inputs().handled(input);
    }

    private Outcome call(Optional<LoadedFunction> function, Input input) {
        if (function.isEmpty()) {
            String why = parts.status().codeError().map(ErrorReport::message).orElse("no code found");
            return new Outcome.Failure(FailureKind.NO_FUNCTION,
                    new NoFunctionException("no version of the function has loaded yet: " + why), Duration.ZERO);
        }
        Map<String, Object> decoded;
        try {
            decoded = parts.decoder().decode(input.raw());
        } catch (InvalidInputException e) {
            return new Outcome.Failure(FailureKind.BAD_INPUT, e, Duration.ZERO);
        }
        return parts.invoker().invoke(function.get(), decoded);
    }

    /** Retries through a Redis outage: a computed result is written when Redis is back, not dropped. */
    private boolean writeUntilDone(Optional<String> output, Optional<String> state, String status)
            throws InterruptedException {
        while (true) {
            try {
                boolean written = parts.commit().write(output, state, Optional.of(status));
                redisReachable();
                if (!written) {
                    lostLease();
                }
                return written;
            } catch (JedisException e) {
                redisUnreachable(e);
                if (!running) {
                    log.warn("stopping with a result not yet written: Redis is unreachable; the input will be handled again");
                    return false;
                }
                awaitRetry();
            }
        }
    }

    private void refreshCode(boolean leader) {
        Refresh refresh = parts.code().refresh();
        if (refresh instanceof Refresh.Loaded loaded) {
            parts.context().codeModifiedAt(loaded.function().modifiedAt());
            parts.status().codeError(null);
            parts.metrics().codeLoaded();
            codeFailures.recovered("the function's code loads again");
        } else if (refresh instanceof Refresh.Failed failed) {
            String running = failed.stillRunning().map(f -> "; " + f.version() + " keeps running").orElse("");
            if (codeFailures.failed(failed.error().getMessage(), "the function's code did not load ("
                    + failed.error().kind() + ")" + running + ":\n" + failed.error().getMessage())) {
                parts.metrics().codeLoadFailed(failed.error().kind().name().toLowerCase());
                ErrorReport error = ErrorReport.of(failed.error().getClass().getName(), failed.error().getMessage());
                parts.status().codeError(error);
                if (leader) {
                    reportCodeError(error);
                }
            }
        }
    }

    private boolean holdLease() {
        boolean held = parts.lease().acquireOrRenew();
        parts.metrics().leaseHeld(held);
        if (held && !active) {
            becomeActive();
        } else if (!held && (active || !announcedStandby)) {
            active = false;
            announcedStandby = true;
            log.info("{} holds the lease {}; standing by", parts.lease().holder().orElse("another replica"),
                    parts.lease().key().orElse(""));
        }
        return held;
    }

    private void becomeActive() {
        Optional<SavedState> saved = parts.state().load();
        saved.ifPresent(state -> {
            parts.context().restoreEnv(state.env());
            parts.inputs().assumeHandled(state.inputDigest());
        });
        active = true;
        announcedStandby = false;
        parts.status().codeError().ifPresent(this::reportCodeError);
        log.info("active{}; {}", parts.lease().key().map(key -> ": holding the lease " + key).orElse(""),
                saved.map(state -> "restored env (" + state.env().size() + " keys) saved " + state.savedAt()
                                + " after input " + abbreviate(state.inputDigest()))
                        .orElse(parts.state().key().map(key -> "no saved state in " + key + "; starting from an empty env")
                                .orElse("state saving is off (STATE_KEY is empty)")));
    }

    private void lostLease() {
        active = false;
        parts.metrics().leaseHeld(false);
        log.warn("lost the lease {} to another replica; its result was not written; standing by",
                parts.lease().key().orElse(""));
    }

    private void recordSuccess(Outcome.Success success, Instant now) {
        parts.metrics().invocation(success.output().isPresent() ? "success" : "no_output", success.took());
        parts.metrics().succeededAt(now);
        callFailures.recovered("calls succeed again");
        if (parts.outputKey().isEmpty()) {
            log.info("result (REDIS_OUTPUT_KEY unset, not written): {}", success.output().orElse("(none)"));
        } else {
            log.debug("call took {} ms", success.took().toNanos() / 1e6);
        }
    }

    private void recordFailure(Outcome.Failure failure) {
        parts.metrics().invocation(failure.kind().tag(), failure.took());
        callFailures.failed(failure.kind() + ":" + failure.cause().getClass().getName() + ":" + failure.message(),
                "call failed (" + failure.kind().tag() + "): " + describe(failure.cause())
                        + "; the last output stays in place");
    }

    /** The status of a version that did not load; a Redis failure here goes to the loop like any other. */
    private void reportCodeError(ErrorReport error) {
        String status = parts.status().failure(parts.code().current(), error, null, parts.clock().instant());
        parts.commit().write(Optional.empty(), Optional.empty(), Optional.of(status));
    }

    private void redisReachable() {
        if (!redisUp) {
            redisUp = true;
            parts.metrics().redisUp(true);
            backoff.reset();
            redisFailures.recovered("Redis is reachable again");
        }
    }

    private void redisUnreachable(JedisException e) {
        redisUp = false;
        parts.metrics().redisUp(false);
        parts.metrics().redisError(e.getClass().getSimpleName());
        redisFailures.failed("redis:" + e.getClass().getName(),
                "Redis is unreachable (" + e.getMessage() + "); retrying with backoff up to " + backoff.max().toSeconds() + " s");
    }

    private void awaitRetry() {
        try {
            parts.ticker().await(backoff.nextDelay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public Readiness readiness() {
        if (!redisUp) {
            return Readiness.notReady("Redis is unreachable");
        }
        return parts.code().current()
                .map(function -> Readiness.ready((active ? "active: " : "standby: ") + function.describe()))
                .orElse(Readiness.notReady("no version of the function has loaded"));
    }

    /** Finishes the call in progress, then returns from {@link #run()}. */
    public void stop() {
        running = false;
        parts.ticker().wake();
    }

    private static String describe(Throwable error) {
        return error instanceof Exception && error.getClass().getName().startsWith("io.fnpulse.runtime.")
                ? error.getMessage()
                : error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private static String version(Optional<LoadedFunction> function) {
        return function.map(LoadedFunction::version).orElse("");
    }

    private static String abbreviate(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
