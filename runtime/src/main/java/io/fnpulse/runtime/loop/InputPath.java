package io.fnpulse.runtime.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.NoFunctionException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.invoke.UnreadableEnvException;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.StateKey;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.text.Digest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One input's way through the runtime: refused when it cannot be read or is not a JSON object; skipped when the
 * process running the function has died in calls with it too often (a poison input: the runtime's own process, or a
 * Python function's worker); otherwise marked in flight and called. Whatever
 * happens is an {@link Ending}, and everything it leaves — output, state, status, its calls log entry, the stream
 * entry's acknowledgement or dead letter — is committed in one step. A stream entry whose call failed is called
 * again at once, in place, until {@code maxAttempts} calls have failed.
 */
public final class InputPath {

    /** What became of an input. */
    public enum Result {
        /** Done with, whatever the outcome: the source may forget it. */
        HANDLED,
        /** To be tried again: no code has loaded yet, the lease went to another replica, or the runtime stops. */
        AGAIN
    }

    /** How the path behaves: poison retries, stream attempts, and whether results are logged instead of written. */
    public record Rules(int poisonRetries, int maxAttempts, boolean logResults) {}

    /** An input the last process died in a call with, and how many such deaths there have been. */
    private record Suspect(String digest, String streamId, int deaths) {}

    private static final Logger log = LoggerFactory.getLogger(InputPath.class);
    private static final Logger printed = LoggerFactory.getLogger("io.fnpulse.function.output");

    private final Supplier<Optional<LoadedFunction>> code;
    private final InputDecoder decoder;
    private final Invoker invoker;
    private final CallRecords records;
    private final StateKey state;
    private final StatusReport status;
    private final RuntimeContext context;
    private final RuntimeMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Rules rules;
    private final FailureLog failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.invoke"));
    private Suspect suspect;
    private String reportedWithoutCode;
    /** The stream entry whose in-flight marker the last commit set ahead of its call. */
    private Optional<String> markedAhead = Optional.empty();

    public InputPath(
            Supplier<Optional<LoadedFunction>> code,
            InputDecoder decoder,
            Invoker invoker,
            CallRecords records,
            StateKey state,
            StatusReport status,
            RuntimeContext context,
            RuntimeMetrics metrics,
            ObjectMapper json,
            Clock clock,
            Rules rules) {
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
        this.rules = rules;
    }

    Result handle(Input input) throws InterruptedException {
        return handle(input, Optional.empty());
    }

    /**
     * Handles {@code input}; {@code next} is the entry that follows it at once in the same batch, whose in-flight
     * marker the success commit sets ahead, so that its call starts without a round trip of its own.
     */
    Result handle(Input input, Optional<Input> next) throws InterruptedException {
        boolean markedForIt = input.streamId().isPresent() && markedAhead.equals(input.streamId());
        markedAhead = Optional.empty();
        Optional<LoadedFunction> function = code.get();
        if (function.isEmpty()) {
            return withoutCode(input);
        }
        reportedWithoutCode = null;
        Map<String, Object> decoded;
        try {
            decoded = decode(input);
        } catch (InvalidInputException problem) {
            return commit(input, function, Ending.refused(input, problem));
        }
        int deaths = deathsBefore(input);
        if (deaths >= rules.poisonRetries()) {
            return commit(
                    input,
                    function,
                    new Ending.Poison(poisonMessage(input, deaths), deaths, liveEnvJson(), context.envForm()));
        }
        int attempts = input.streamId().isPresent() ? rules.maxAttempts() : 1;
        for (int attempt = 1; ; ) {
            boolean marked = markedForIt && attempt == 1 && deaths == 0;
            if (!marked
                    && !records.markInFlight(input.digest(), input.streamId().orElse(""), deaths)) {
                return Result.AGAIN;
            }
            Outcome outcome = invoker.invoke(function.get(), decoded);
            logPrinted(input, outcome.captured());
            if (outcome instanceof Outcome.Failure failure
                    && failure.cause() instanceof UnreadableEnvException unreadable
                    && !context.env().isEmpty()) {
                // the function did not run: the restored env it was to start from is set aside, the call made again
                state.setAside(unreadable.getMessage());
                context.restoreEnv(new LinkedHashMap<>());
                continue;
            }
            if (outcome instanceof Outcome.Died died) {
                // as if the runtime had died and come back: the marker counts it, and the input is called again
                deaths++;
                if (deaths >= rules.poisonRetries()) {
                    String message = poisonMessage(input, deaths) + " (last: " + died.message() + ")";
                    return commit(
                            input, function, new Ending.Poison(message, deaths, liveEnvJson(), context.envForm()));
                }
                continue;
            }
            Ending ending = Ending.of(outcome, input, attempt, attempts, nextToMark(next));
            Result result = commit(input, function, ending);
            if (!(ending instanceof Ending.Retry) || result == Result.AGAIN) {
                return result;
            }
            attempt++;
        }
    }

    /** Writes what the ending leaves, in one step; once written, the rest of the runtime learns of it. */
    private Result commit(Input input, Optional<LoadedFunction> function, Ending ending) throws InterruptedException {
        Instant now = clock.instant();
        if (!records.commit(ending.writes(new Ledger(input, function, now, status, state, records)))) {
            return Result.AGAIN;
        }
        metrics.invocation(ending.outcome(), ending.took());
        if (ending instanceof Ending.Succeeded success) {
            succeeded(success.call(), now);
            markedAhead = success.next().flatMap(Input::streamId);
        } else if (ending instanceof Ending.CallFailed failed) {
            failed(input, failed);
        } else if (ending instanceof Ending.Poison poison) {
            metrics.poisonInput();
            log.error("poison input skipped: {}", poison.message());
        } else if (ending instanceof Ending.RefusedEntry refused) {
            failures.failed(
                    ending.outcome() + ":" + refused.error().message(),
                    "stream entry " + input.streamId().orElseThrow() + " goes to the dead letters: "
                            + refused.error().message());
        } else if (ending instanceof Ending.Refused refused) {
            failures.failed(
                    ending.outcome() + ":" + refused.error().message(),
                    "call failed (" + ending.outcome().tag() + "): "
                            + refused.error().message() + "; the last output stays in place");
        }
        return Result.HANDLED;
    }

    private void succeeded(Outcome.Success call, Instant now) {
        context.commitEnv(call.env(), call.form());
        context.executedAt(now);
        metrics.succeededAt(now);
        failures.recovered("calls succeed again");
        if (rules.logResults()) {
            log.info(
                    "result (REDIS_OUTPUT_KEY unset, not written): {}",
                    call.output().orElse("(none)"));
        } else {
            log.debug("call took {} ms", call.took().toNanos() / 1e6);
        }
    }

    /** A call that failed: logged once per cause; an entry that went to the dead letters says so. */
    private void failed(Input input, Ending.CallFailed ending) {
        Outcome.Failure failure = ending.call();
        failures.failed(
                failure.kind() + ":" + failure.cause().getClass().getName() + ":" + failure.message(),
                "call failed (" + failure.kind().tag() + "): " + describe(failure.cause())
                        + (ending instanceof Ending.Retry ? "; calling it again" : "; the last output stays in place"));
        if (ending instanceof Ending.GaveUp gaveUp) {
            log.warn(
                    "stream entry {} failed {} times; it is in the dead letters now",
                    input.streamId().orElseThrow(),
                    gaveUp.attempts());
        }
    }

    /** The input as the function gets it: a JSON object, or the reason it cannot be one. */
    private Map<String, Object> decode(Input input) throws InvalidInputException {
        if (input instanceof Input.Unreadable unreadable) {
            throw new InvalidInputException(unreadable.problem());
        }
        if (input instanceof Input.BadEntry bad) {
            throw new InvalidInputException(bad.problem());
        }
        return decoder.decode(input.data().orElseThrow());
    }

    /** Counted once, and the status written once, per input that arrives before any code has loaded. */
    private Result withoutCode(Input input) throws InterruptedException {
        if (!input.digest().equals(reportedWithoutCode)) {
            String why = status.codeError().map(ErrorReport::message).orElse("no code found");
            NoFunctionException problem = new NoFunctionException("no version of the function has loaded yet: " + why);
            ErrorReport error = ErrorReport.of(problem.getClass().getName(), problem.getMessage());
            if (records.commit(Writes.status(status.failure(Optional.empty(), error, null, clock.instant())))) {
                metrics.invocation(CallOutcome.NO_FUNCTION, Duration.ZERO);
                failures.failed("no-function:" + why, "an input arrived before any code loaded: " + why);
                reportedWithoutCode = input.digest();
            }
        }
        return Result.AGAIN;
    }

    /** The entry after this one in the batch, whose marker a success sets ahead: one that will be called. */
    private static Optional<Input> nextToMark(Optional<Input> next) {
        return next.filter(Input.Entry.class::isInstance);
    }

    /** The version that would handle an input now. */
    Optional<LoadedFunction> code() {
        return code.get();
    }

    /** The runtime will not handle the entry marked ahead now: its marker must not count as a death. */
    void abandonMarkedAhead() throws InterruptedException {
        if (markedAhead.isPresent()) {
            markedAhead = Optional.empty();
            records.commit(Writes.clearMarker());
        }
    }

    /** What a previous process left in flight, found when this one became active: it died in that call. */
    void diedDuring(Optional<InFlight.Marker> marker) {
        suspect = marker.map(m -> new Suspect(m.digest(), m.streamId(), m.deaths() + 1))
                .orElse(null);
        marker.ifPresent(m -> log.warn(
                "the previous process ({}) died during a call with input {}{} (death {} with it; POISON_RETRIES={})",
                m.instance().isEmpty() ? "unknown" : m.instance(),
                Digest.abbreviate(m.digest()),
                m.streamId().isEmpty() ? "" : ", stream entry " + m.streamId(),
                m.deaths() + 1,
                rules.poisonRetries()));
    }

    private int deathsBefore(Input input) {
        Suspect suspected = suspect;
        suspect = null;
        return suspected != null
                        && suspected.digest().equals(input.digest())
                        && suspected.streamId().equals(input.streamId().orElse(""))
                ? suspected.deaths()
                : 0;
    }

    private String poisonMessage(Input input, int deaths) {
        return "the process running the function died " + deaths + (deaths == 1 ? " time" : " times")
                + " during calls with this input ("
                + Digest.abbreviate(input.digest())
                + input.streamId().map(id -> ", stream entry " + id).orElse("") + "), so it is skipped (POISON_RETRIES="
                + rules.poisonRetries() + "); the last output stays, and the next new value is handled normally";
    }

    /** What a call printed, logged once with the call it belongs to, on one line (its line breaks shown as \n). */
    private static void logPrinted(Input input, Captured captured) {
        if (captured.isEmpty()) {
            return;
        }
        String call = Digest.abbreviate(input.digest())
                + input.streamId().map(id -> " (entry " + id + ")").orElse("");
        if (!captured.stdout().isEmpty() || captured.stdoutMore() > 0) {
            printed.info(
                    "call with {} printed to stdout: {}",
                    call,
                    oneLine(Captured.shown(captured.stdout(), captured.stdoutMore())));
        }
        if (!captured.stderr().isEmpty() || captured.stderrMore() > 0) {
            printed.info(
                    "call with {} printed to stderr: {}",
                    call,
                    oneLine(Captured.shown(captured.stderr(), captured.stderrMore())));
        }
    }

    private static String oneLine(String text) {
        return text.stripTrailing().replace("\r", "\\r").replace("\n", "\\n");
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
}
