package io.fnpulse.runtime.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.FailureKind;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.NoFunctionException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.CallEntries;
import io.fnpulse.runtime.report.ErrorReports;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.Commit;
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
 * One input's way through the runtime: refused when it cannot be read or is not a JSON object; skipped when the
 * process has died in calls with it too often (a poison input); otherwise marked in flight, called, and everything
 * the call leaves — output, state, status, its calls log entry, the stream entry's acknowledgement — committed in one
 * step. A failed call commits its status and calls log entry alone, the last good output and the live env left as
 * they were. A stream entry is called again at once, in place, until {@code maxAttempts} calls have failed; then it
 * goes to the dead letters and the stream moves on.
 */
public final class InputPath {

    /** What became of an input. */
    public enum Result {
        /** Done with, whatever the outcome: the source may forget it. */
        HANDLED,
        /** To be tried again: no code has loaded yet, the lease went to another replica, or the runtime stops. */
        AGAIN
    }

    /** The state key's value for a call's env (see {@code StateStore#encode}). */
    @FunctionalInterface
    public interface StateEncoder {
        String encode(String envJson, String inputDigest, String codeVersion, Instant savedAt);
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
    private final StateEncoder state;
    private final StatusReport status;
    private final CallEntries entries;
    private final RuntimeContext context;
    private final RuntimeMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Rules rules;
    private final FailureLog failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.invoke"));
    private Suspect suspect;
    private String reportedWithoutCode;
    /** The stream entry whose in-flight marker the last commit set ahead of its call. */
    private String markedAhead;

    public InputPath(
            Supplier<Optional<LoadedFunction>> code,
            InputDecoder decoder,
            Invoker invoker,
            CallRecords records,
            StateEncoder state,
            StatusReport status,
            CallEntries entries,
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
        this.entries = entries;
        this.context = context;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.rules = rules;
    }

    /** The version that would handle an input now. */
    Optional<LoadedFunction> code() {
        return code.get();
    }

    /** The runtime will not handle the entry marked ahead now: its marker must not count as a death. */
    void abandonMarkedAhead() throws InterruptedException {
        if (markedAhead != null) {
            markedAhead = null;
            records.clearMarker();
        }
    }

    /** What a previous process left in flight, found when this one became active: it died in that call. */
    void diedDuring(Optional<InFlight.Marker> marker) {
        suspect = marker.map(m -> new Suspect(m.digest(), m.streamId(), m.deaths() + 1))
                .orElse(null);
        marker.ifPresent(m -> log.warn(
                "the previous process ({}) died during a call with input {}{} (death {} with"
                        + " it; POISON_RETRIES={})",
                m.instance().isEmpty() ? "unknown" : m.instance(),
                Digest.abbreviate(m.digest()),
                m.streamId().isEmpty() ? "" : ", stream entry " + m.streamId(),
                m.deaths() + 1,
                rules.poisonRetries()));
    }

    Result handle(Input input) throws InterruptedException {
        return handle(input, Optional.empty());
    }

    /**
     * Handles {@code input}; {@code next} is the entry that follows it at once in the same batch, whose in-flight
     * marker the success commit sets ahead, so that its call starts without a round trip of its own.
     */
    Result handle(Input input, Optional<Input> next) throws InterruptedException {
        boolean marked =
                markedAhead != null && markedAhead.equals(input.streamId().orElse(null));
        markedAhead = null;
        if (input instanceof Input.Unreadable unreadable) {
            return refuse(input, new InvalidInputException(unreadable.problem()));
        }
        if (input instanceof Input.BadEntry bad) {
            return deadLetter(
                    input,
                    Optional.empty(),
                    ErrorReport.of(InvalidInputException.class.getName(), bad.problem()),
                    0,
                    FailureKind.BAD_INPUT);
        }
        String raw = input instanceof Input.Entry entry ? entry.raw() : ((Input.Value) input).raw();
        Optional<LoadedFunction> function = code.get();
        if (function.isEmpty()) {
            return withoutCode(input);
        }
        reportedWithoutCode = null;
        Map<String, Object> decoded;
        try {
            decoded = decoder.decode(raw);
        } catch (InvalidInputException e) {
            return input instanceof Input.Entry
                    ? deadLetter(
                            input,
                            Optional.of(raw),
                            ErrorReport.of(e.getClass().getName(), e.getMessage()),
                            0,
                            FailureKind.BAD_INPUT)
                    : refuse(input, e);
        }
        int deaths = deathsBefore(input);
        if (deaths >= rules.poisonRetries()) {
            return skipPoison(input, raw, function, deaths);
        }
        int attempts = input instanceof Input.Entry ? rules.maxAttempts() : 1;
        for (int attempt = 1; ; attempt++) {
            if (!(marked && attempt == 1 && deaths == 0)
                    && !records.markInFlight(input.digest(), input.streamId().orElse(""), deaths)) {
                return Result.AGAIN;
            }
            Outcome outcome = invoker.invoke(function.get(), decoded);
            logPrinted(input, outcome.captured());
            if (outcome instanceof Outcome.Success success) {
                return succeed(
                        input,
                        function,
                        success,
                        next.filter(Input.Entry.class::isInstance).filter(entry -> suspect == null));
            }
            Outcome.Failure failure = (Outcome.Failure) outcome;
            if (attempt < attempts) {
                if (commitFailure(input, function, failure, Optional.empty()) == Result.AGAIN) {
                    return Result.AGAIN;
                }
                continue;
            }
            if (input instanceof Input.Entry) {
                String letter = entries.deadLetter(
                        input.streamId().orElseThrow(),
                        Optional.of(raw),
                        ErrorReports.of(failure.cause()),
                        attempts,
                        version(function),
                        clock.instant());
                Result result = commitFailure(input, function, failure, Optional.of(letter));
                if (result == Result.HANDLED) {
                    log.warn(
                            "stream entry {} failed {} times; it is in the dead letters now",
                            input.streamId().get(),
                            attempts);
                }
                return result;
            }
            return commitFailure(input, function, failure, Optional.empty());
        }
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

    private Result succeed(
            Input input, Optional<LoadedFunction> function, Outcome.Success success, Optional<Input> next)
            throws InterruptedException {
        Instant now = clock.instant();
        String outcome = success.output().isPresent() ? "success" : "no_output";
        Commit.Writes call = new Commit.Writes(
                success.output(),
                Optional.of(state.encode(success.envJson(), input.digest(), version(function), now)),
                Optional.of(status.success(function, success.took(), now)),
                true,
                input.streamId(),
                Optional.of(entries.call(
                        now,
                        input.digest(),
                        input.streamId(),
                        outcome,
                        success.took(),
                        version(function),
                        Optional.empty(),
                        success.captured())),
                Optional.empty());
        Commit.Writes writes = next.map(entry -> call.withNextCall(
                        records.markerFor(entry.digest(), entry.streamId().orElseThrow(), 0)))
                .orElse(call);
        if (!records.commit(writes)) {
            return Result.AGAIN;
        }
        markedAhead = next.flatMap(Input::streamId).orElse(null);
        context.commitEnv(success.env());
        context.executedAt(now);
        metrics.invocation(outcome, success.took());
        metrics.succeededAt(now);
        failures.recovered("calls succeed again");
        if (rules.logResults()) {
            log.info(
                    "result (REDIS_OUTPUT_KEY unset, not written): {}",
                    success.output().orElse("(none)"));
        } else {
            log.debug("call took {} ms", success.took().toNanos() / 1e6);
        }
        return Result.HANDLED;
    }

    /** A call that failed: its status and calls log entry, and for the last attempt of an entry, its dead letter. */
    private Result commitFailure(
            Input input, Optional<LoadedFunction> function, Outcome.Failure failure, Optional<String> deadLetter)
            throws InterruptedException {
        Instant now = clock.instant();
        ErrorReport error = ErrorReports.of(failure.cause());
        boolean done = deadLetter.isPresent() || input.streamId().isEmpty();
        Commit.Writes writes = new Commit.Writes(
                Optional.empty(),
                Optional.empty(),
                Optional.of(status.failure(function, error, failure.took(), now)),
                true,
                deadLetter.isPresent() ? input.streamId() : Optional.empty(),
                Optional.of(entries.call(
                        now,
                        input.digest(),
                        input.streamId(),
                        failure.kind().tag(),
                        failure.took(),
                        version(function),
                        Optional.of(error),
                        failure.captured())),
                deadLetter);
        if (!records.commit(writes)) {
            return Result.AGAIN;
        }
        counted(failure, done);
        return Result.HANDLED;
    }

    /** An input that is not passed to the function: its key cannot be read, or it is not a JSON object. */
    private Result refuse(Input input, InvalidInputException problem) throws InterruptedException {
        Instant now = clock.instant();
        ErrorReport error = ErrorReport.of(problem.getClass().getName(), problem.getMessage());
        Commit.Writes writes = new Commit.Writes(
                Optional.empty(),
                Optional.empty(),
                Optional.of(status.failure(code.get(), error, null, now)),
                false,
                Optional.empty(),
                Optional.of(entries.call(
                        now,
                        input.digest(),
                        Optional.empty(),
                        FailureKind.BAD_INPUT.tag(),
                        Duration.ZERO,
                        version(code.get()),
                        Optional.of(error),
                        Captured.NOTHING)),
                Optional.empty());
        if (!records.commit(writes)) {
            return Result.AGAIN;
        }
        counted(new Outcome.Failure(FailureKind.BAD_INPUT, problem, Duration.ZERO), true);
        return Result.HANDLED;
    }

    /** A stream entry that failed for good, or can never be called: to the dead letters, acknowledged. */
    private Result deadLetter(Input input, Optional<String> raw, ErrorReport error, int attempts, FailureKind kind)
            throws InterruptedException {
        Instant now = clock.instant();
        String id = input.streamId().orElseThrow();
        Commit.Writes writes = new Commit.Writes(
                Optional.empty(),
                Optional.empty(),
                Optional.of(status.failure(code.get(), error, null, now)),
                true,
                Optional.of(id),
                Optional.of(entries.call(
                        now,
                        input.digest(),
                        Optional.of(id),
                        kind.tag(),
                        Duration.ZERO,
                        version(code.get()),
                        Optional.of(error),
                        Captured.NOTHING)),
                Optional.of(entries.deadLetter(id, raw, error, attempts, version(code.get()), now)));
        if (!records.commit(writes)) {
            return Result.AGAIN;
        }
        metrics.invocation(kind.tag(), Duration.ZERO);
        failures.failed(
                kind + ":" + error.message(), "stream entry " + id + " goes to the dead letters: " + error.message());
        return Result.HANDLED;
    }

    private void counted(Outcome.Failure failure, boolean done) {
        metrics.invocation(failure.kind().tag(), failure.took());
        failures.failed(
                failure.kind() + ":" + failure.cause().getClass().getName() + ":" + failure.message(),
                "call failed (" + failure.kind().tag() + "): " + describe(failure.cause())
                        + (done ? "; the last output stays in place" : "; calling it again"));
    }

    /** Counted once, and the status written once, per input that arrives before any code has loaded. */
    private Result withoutCode(Input input) throws InterruptedException {
        if (!input.digest().equals(reportedWithoutCode)) {
            String why = status.codeError().map(ErrorReport::message).orElse("no code found");
            NoFunctionException problem = new NoFunctionException("no version of the function has loaded yet: " + why);
            ErrorReport error = ErrorReport.of(problem.getClass().getName(), problem.getMessage());
            if (records.commit(Commit.Writes.status(status.failure(Optional.empty(), error, null, clock.instant())))) {
                metrics.invocation(FailureKind.NO_FUNCTION.tag(), Duration.ZERO);
                failures.failed("no-function:" + why, "an input arrived before any code loaded: " + why);
                reportedWithoutCode = input.digest();
            }
        }
        return Result.AGAIN;
    }

    /**
     * The process died in every one of the last {@code deaths} calls with this input: it is not called again. A
     * key's value is saved as handled with the unchanged env, so no restart runs it again; a stream entry goes to
     * the dead letters.
     */
    private Result skipPoison(Input input, String raw, Optional<LoadedFunction> function, int deaths)
            throws InterruptedException {
        String message = "the process died " + deaths + (deaths == 1 ? " time" : " times") + " during calls with"
                + " this input (" + Digest.abbreviate(input.digest())
                + input.streamId().map(id -> ", stream entry " + id).orElse("") + "), so it is skipped (POISON_RETRIES="
                + rules.poisonRetries() + "); the last output stays, and the next new value is handled normally";
        Instant now = clock.instant();
        ErrorReport error = ErrorReport.of("PoisonInput", message);
        Optional<String> letter = input.streamId()
                .map(id -> entries.deadLetter(id, Optional.of(raw), error, deaths, version(function), now));
        Commit.Writes writes = new Commit.Writes(
                Optional.empty(),
                input.streamId().isPresent()
                        ? Optional.empty()
                        : Optional.of(state.encode(liveEnvJson(), input.digest(), version(function), now)),
                Optional.of(status.failure(function, error, null, now)),
                true,
                input.streamId(),
                Optional.of(entries.call(
                        now,
                        input.digest(),
                        input.streamId(),
                        FailureKind.POISON_INPUT.tag(),
                        Duration.ZERO,
                        version(function),
                        Optional.of(error),
                        Captured.NOTHING)),
                letter);
        if (!records.commit(writes)) {
            return Result.AGAIN;
        }
        metrics.poisonInput();
        metrics.invocation(FailureKind.POISON_INPUT.tag(), Duration.ZERO);
        log.error("poison input skipped: {}", message);
        return Result.HANDLED;
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

    private static String version(Optional<LoadedFunction> function) {
        return function.map(LoadedFunction::version).orElse("");
    }
}
