package io.fnpulse.runtime.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.FailureKind;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.NoFunctionException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.ErrorReports;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.text.Digest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input's way through the runtime: refused when its key cannot be read or it is not a JSON object, skipped when
 * the process has died in calls with it too often (a poison input), otherwise marked in flight, called, and its
 * output, state and status committed in one step — or, for a failed call, the status alone, with the last good output
 * and the live env left as they were.
 */
public final class InputPath {

    /** What became of an input. */
    enum Result {
        /** Done with, whatever the outcome: the watcher may forget it. */
        HANDLED,
        /** To be tried again: no code has loaded yet, the lease went to another replica, or the runtime stops. */
        AGAIN
    }

    /** The state key's value for a call's env (see {@code StateStore#encode}). */
    @FunctionalInterface
    public interface StateEncoder {
        String encode(String envJson, String inputDigest, String codeVersion, Instant savedAt);
    }

    /** An input the last process died in a call with, and how many such deaths there have been. */
    private record Suspect(String digest, int deaths) {
    }

    private static final Logger log = LoggerFactory.getLogger(InputPath.class);

    private final Supplier<Optional<LoadedFunction>> code;
    private final InputDecoder decoder;
    private final Invoker invoker;
    private final CallRecords records;
    private final StateEncoder state;
    private final StatusReport status;
    private final RuntimeContext context;
    private final RuntimeMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final int poisonRetries;
    private final boolean logResults;
    private final FailureLog failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.invoke"));
    private Suspect suspect;
    private String reportedWithoutCode;

    public InputPath(Supplier<Optional<LoadedFunction>> code, InputDecoder decoder, Invoker invoker, CallRecords records,
              StateEncoder state, StatusReport status, RuntimeContext context, RuntimeMetrics metrics,
              ObjectMapper json, Clock clock, int poisonRetries, boolean logResults) {
        this.code = code;
        this.decoder = decoder;
        this.invoker = invoker;
        this.records = records;
        this.state = state;
        this.status = status;
        this.context = context;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.poisonRetries = poisonRetries;
        this.logResults = logResults;
    }

    /** What a previous process left in flight, found when this one became active: it died in that call. */
    void diedDuring(Optional<InFlight.Marker> marker) {
        suspect = marker.map(m -> new Suspect(m.digest(), m.deaths() + 1)).orElse(null);
        marker.ifPresent(m -> log.warn("the previous process ({}) died during a call with input {} (death {} with"
                + " it; POISON_RETRIES={})", m.instance().isEmpty() ? "unknown" : m.instance(),
                Digest.abbreviate(m.digest()), m.deaths() + 1, poisonRetries));
    }

    Result handle(Input input) throws InterruptedException {
        if (input instanceof Input.Unreadable unreadable) {
            return fail(input, new Outcome.Failure(FailureKind.BAD_INPUT,
                    new InvalidInputException(unreadable.problem()), Duration.ZERO), false);
        }
        Input.Value value = (Input.Value) input;
        Optional<LoadedFunction> function = code.get();
        if (function.isEmpty()) {
            return withoutCode(value);
        }
        reportedWithoutCode = null;
        Map<String, Object> decoded;
        try {
            decoded = decoder.decode(value.raw());
        } catch (InvalidInputException e) {
            return fail(input, new Outcome.Failure(FailureKind.BAD_INPUT, e, Duration.ZERO), false);
        }
        int deaths = deathsBefore(value);
        if (deaths >= poisonRetries) {
            return skipPoison(value, function, deaths);
        }
        if (!records.markInFlight(value.digest(), deaths)) {
            return Result.AGAIN;
        }
        Outcome outcome = invoker.invoke(function.get(), decoded);
        if (outcome instanceof Outcome.Success success) {
            return succeed(value, function, success);
        }
        return fail(input, (Outcome.Failure) outcome, true);
    }

    private int deathsBefore(Input.Value value) {
        Suspect suspected = suspect;
        suspect = null;
        return suspected != null && suspected.digest().equals(value.digest()) ? suspected.deaths() : 0;
    }

    private Result succeed(Input.Value input, Optional<LoadedFunction> function, Outcome.Success success)
            throws InterruptedException {
        Instant now = clock.instant();
        String saved = state.encode(success.envJson(), input.digest(), version(function), now);
        if (!records.commit(success.output(), Optional.of(saved), status.success(function, success.took(), now))) {
            return Result.AGAIN;
        }
        context.commitEnv(success.env());
        context.executedAt(now);
        metrics.invocation(success.output().isPresent() ? "success" : "no_output", success.took());
        metrics.succeededAt(now);
        failures.recovered("calls succeed again");
        if (logResults) {
            log.info("result (REDIS_OUTPUT_KEY unset, not written): {}", success.output().orElse("(none)"));
        } else {
            log.debug("call took {} ms", success.took().toNanos() / 1e6);
        }
        return Result.HANDLED;
    }

    private Result fail(Input input, Outcome.Failure failure, boolean called) throws InterruptedException {
        ErrorReport error = called ? ErrorReports.of(failure.cause())
                : ErrorReport.of(failure.cause().getClass().getName(), failure.message());
        String report = status.failure(code.get(), error, called ? failure.took() : null, clock.instant());
        if (!records.commit(Optional.empty(), Optional.empty(), report)) {
            return Result.AGAIN;
        }
        metrics.invocation(failure.kind().tag(), failure.took());
        failures.failed(failure.kind() + ":" + failure.cause().getClass().getName() + ":" + failure.message(),
                "call failed (" + failure.kind().tag() + "): " + describe(failure.cause())
                        + "; the last output stays in place");
        return Result.HANDLED;
    }

    /** Counted once, and the status written once, per input that arrives before any code has loaded. */
    private Result withoutCode(Input.Value input) throws InterruptedException {
        if (!input.digest().equals(reportedWithoutCode)) {
            String why = status.codeError().map(ErrorReport::message).orElse("no code found");
            Outcome.Failure failure = new Outcome.Failure(FailureKind.NO_FUNCTION,
                    new NoFunctionException("no version of the function has loaded yet: " + why), Duration.ZERO);
            if (fail(input, failure, false) == Result.HANDLED) {
                reportedWithoutCode = input.digest();
            }
        }
        return Result.AGAIN;
    }

    /**
     * The process died in every one of the last {@code deaths} calls with this input: it is not called again. Its
     * digest is saved with the unchanged env, as if it had been handled, so no restart runs it again either.
     */
    private Result skipPoison(Input.Value input, Optional<LoadedFunction> function, int deaths)
            throws InterruptedException {
        String message = "the process died " + deaths + (deaths == 1 ? " time" : " times") + " during calls with"
                + " this input (" + Digest.abbreviate(input.digest()) + "), so it is skipped (POISON_RETRIES="
                + poisonRetries + "); the last output stays, and the next new value is handled normally";
        Instant now = clock.instant();
        String saved = state.encode(liveEnvJson(), input.digest(), version(function), now);
        String report = status.failure(function, ErrorReport.of("PoisonInput", message), null, now);
        if (!records.commit(Optional.empty(), Optional.of(saved), report)) {
            return Result.AGAIN;
        }
        metrics.poisonInput();
        metrics.invocation(FailureKind.POISON_INPUT.tag(), Duration.ZERO);
        log.error("poison input skipped: {}", message);
        return Result.HANDLED;
    }

    private String liveEnvJson() {
        try {
            return json.writeValueAsString(context.env());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the live env was read from JSON and always writes back", e);
        }
    }

    private static String describe(Throwable error) {
        return error instanceof Exception && error.getClass().getName().startsWith("io.fnpulse.runtime.")
                ? error.getMessage()
                : error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }

    private static String version(Optional<LoadedFunction> function) {
        return function.map(LoadedFunction::version).orElse("");
    }
}
