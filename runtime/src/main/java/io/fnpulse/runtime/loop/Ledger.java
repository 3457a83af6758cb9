package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.ErrorReports;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.runtime.state.StateKey;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.HistoryEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The parts one commit of an input is made of, each stamped with that input (its digest, its stream entry), the code
 * version that ran and the moment of the commit: what an {@link Ending} puts in its {@code Writes}.
 */
final class Ledger {

    private final Input input;
    private final Optional<LoadedFunction> function;
    private final Instant now;
    private final StatusReport status;
    private final StateKey state;

    Ledger(Input input, Optional<LoadedFunction> function, Instant now, StatusReport status, StateKey state) {
        this.input = input;
        this.function = function;
        this.now = now;
        this.status = status;
        this.state = state;
    }

    /** The output, with the history entry's pointer back to the input it came from. */
    HistoryEntry output(String json) {
        return new HistoryEntry(json, input.digest(), input.streamId());
    }

    /**
     * The state key's value: the env the call left, saved as the state after this input. Made at the commit, and
     * only if no later call of the run replaces it.
     */
    LazyText state(LazyText envJson, EnvForm form) {
        return LazyText.later(() -> state.encode(envJson.get(), form, input.digest(), version(), now));
    }

    /** The status after a success; made, like the state, only if it is the one written. */
    LazyText succeeded(Duration took) {
        return LazyText.later(() -> status.success(function, took, now));
    }

    /**
     * The status after a failure: made at the commit, when the last execution it names is still the one before this
     * input (only a later call of the run, which replaces this status, could change it).
     *
     * @param took how long the call ran, or null when there was no call
     */
    LazyText failed(ErrorReport error, Duration took) {
        return LazyText.later(() -> status.failure(function, error, took, now));
    }

    /** What every failure commits, and the error both carry. */
    record Failure(LazyText status, CallRecord call, ErrorReport error) {}

    /** A call that failed: its error with the stack trace that stops at the runtime's frames. */
    Failure failure(Outcome.Failure failed) {
        ErrorReport error = ErrorReports.of(failed.cause());
        return new Failure(
                failed(error, failed.took()),
                call(failed.kind(), failed.took(), Optional.of(error), failed.captured()),
                error);
    }

    /** An input that was not called: the runtime's own finding, no call time, nothing printed. */
    Failure notCalled(CallOutcome outcome, ErrorReport error) {
        return new Failure(
                failed(error, null), call(outcome, Duration.ZERO, Optional.of(error), Captured.NOTHING), error);
    }

    /** The calls log entry of a call. */
    CallRecord call(CallOutcome outcome, Duration took, Optional<ErrorReport> error, Captured printed) {
        return new CallRecord(
                now.toString(),
                input.digest(),
                input.streamId().orElse(null),
                outcome,
                took.toNanos() / 1_000_000.0,
                version(),
                error.orElse(null),
                shown(printed.stdout(), printed.stdoutMore()),
                shown(printed.stderr(), printed.stderrMore()),
                printed.stdoutMore() > 0 ? Boolean.TRUE : null,
                printed.stderrMore() > 0 ? Boolean.TRUE : null);
    }

    DeadLetter deadLetter(ErrorReport error, int attempts) {
        return new DeadLetter(
                ack(),
                new DeadLetter.Entry(input.data().orElse(null)),
                new DeadLetter.Reason(error.type(), error.message()),
                attempts,
                version(),
                now.toString());
    }

    /** The stream entry to acknowledge: this one. */
    String ack() {
        return input.streamId().orElseThrow(() -> new IllegalStateException("only a stream entry is acknowledged"));
    }

    Optional<String> streamEntry() {
        return input.streamId();
    }

    private String version() {
        return function.map(LoadedFunction::version).orElse("");
    }

    private static String shown(String text, long more) {
        return text.isEmpty() && more == 0 ? null : Captured.shown(text, more);
    }
}
