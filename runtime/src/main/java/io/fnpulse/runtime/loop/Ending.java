package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.ErrorReport;
import java.time.Duration;
import java.util.Optional;

/**
 * What the path does with one input, one case per way it can end, each with what its commit writes (one of the named
 * factories of {@link Writes}) and the outcome its calls log entry and {@code fnpulse_invocations_total} carry.
 */
sealed interface Ending {

    CallOutcome outcome();

    /** How long the call ran; zero for an input that was not called. */
    Duration took();

    /** Everything its commit writes, made of the parts the ledger stamps with the input, the version and the time. */
    Writes writes(Ledger ledger);

    /** What is reported of it once its writes are made and its env went live: a success without that env. */
    default Ending reported() {
        return this;
    }

    /** What one call came to: success or no output, a failure to call again, or a failure for good. */
    static Ending of(Outcome outcome, Input input, int attempt, int attempts) {
        if (outcome instanceof Outcome.Success success) {
            return success.output().isPresent() ? new Success(success) : new NoOutput(success);
        }
        if (!(outcome instanceof Outcome.Failure failure)) {
            throw new IllegalArgumentException("a death in a call is counted by the path, not an ending: " + outcome);
        }
        if (attempt < attempts) {
            return new Retry(failure);
        }
        return input.streamId().isPresent() ? new GaveUp(failure, attempts) : new Failed(failure);
    }

    /** An input that cannot be passed to the function: a key's value is reported, a stream entry dead-lettered. */
    static Ending refused(Input input, InvalidInputException problem) {
        ErrorReport error = ErrorReport.of(problem.getClass().getName(), problem.getMessage());
        return input.streamId().isPresent() ? new RefusedEntry(error) : new Refused(error);
    }

    /** The call worked: the env it left goes live. */
    sealed interface Succeeded extends Ending {
        Outcome.Success call();

        default Duration took() {
            return call().took();
        }
    }

    /** The call failed: the live env stays as it was. */
    sealed interface CallFailed extends Ending {
        Outcome.Failure call();

        default CallOutcome outcome() {
            return call().kind();
        }

        default Duration took() {
            return call().took();
        }
    }

    /** The input was not called: the runtime's own finding. */
    sealed interface NotCalled extends Ending {
        default Duration took() {
            return Duration.ZERO;
        }
    }

    /** The function returned an output: written with the state, the env goes live. */
    record Success(Outcome.Success call) implements Succeeded {
        public CallOutcome outcome() {
            return CallOutcome.SUCCESS;
        }

        public Ending reported() {
            return new Success(call.reported());
        }

        public Writes writes(Ledger ledger) {
            return Writes.success(
                    ledger.output(call.output().orElseThrow()),
                    ledger.state(call.savedEnv(), call.form()),
                    ledger.succeeded(call.took()),
                    ledger.call(outcome(), call.took(), Optional.empty(), call.captured()),
                    ledger.streamEntry());
        }
    }

    /** The function returned nothing to write: the state is saved, the env goes live, the last output stays. */
    record NoOutput(Outcome.Success call) implements Succeeded {
        public CallOutcome outcome() {
            return CallOutcome.NO_OUTPUT;
        }

        public Ending reported() {
            return new NoOutput(call.reported());
        }

        public Writes writes(Ledger ledger) {
            return Writes.noOutput(
                    ledger.state(call.savedEnv(), call.form()),
                    ledger.succeeded(call.took()),
                    ledger.call(outcome(), call.took(), Optional.empty(), call.captured()),
                    ledger.streamEntry());
        }
    }

    /** A stream entry's call failed with attempts left: reported, and called again at once. */
    record Retry(Outcome.Failure call) implements CallFailed {
        public Writes writes(Ledger ledger) {
            Ledger.Failure failure = ledger.failure(call);
            return Writes.retry(failure.status(), failure.call());
        }
    }

    /** A key's value whose call failed: reported; the last output and the env stay as they were. */
    record Failed(Outcome.Failure call) implements CallFailed {
        public Writes writes(Ledger ledger) {
            Ledger.Failure failure = ledger.failure(call);
            return Writes.failed(failure.status(), failure.call());
        }
    }

    /** A stream entry whose every attempt failed: to the dead letters, acknowledged, and the stream moves on. */
    record GaveUp(Outcome.Failure call, int attempts) implements CallFailed {
        public Writes writes(Ledger ledger) {
            Ledger.Failure failure = ledger.failure(call);
            return Writes.deadLettered(
                    failure.status(), failure.call(), ledger.deadLetter(failure.error(), attempts), ledger.ack());
        }
    }

    /** A key's value that cannot be read or is not a JSON object: reported as the key's problem, never called. */
    record Refused(ErrorReport error) implements NotCalled {
        public CallOutcome outcome() {
            return CallOutcome.BAD_INPUT;
        }

        public Writes writes(Ledger ledger) {
            Ledger.Failure refusal = ledger.notCalled(outcome(), error);
            return Writes.refused(refusal.status(), refusal.call());
        }
    }

    /** A stream entry that can never be called (no data, too large, not a JSON object): dead-lettered at once. */
    record RefusedEntry(ErrorReport error) implements NotCalled {
        public CallOutcome outcome() {
            return CallOutcome.BAD_INPUT;
        }

        public Writes writes(Ledger ledger) {
            Ledger.Failure refusal = ledger.notCalled(outcome(), error);
            return Writes.deadLettered(refusal.status(), refusal.call(), ledger.deadLetter(error, 0), ledger.ack());
        }
    }

    /**
     * The process died in the last {@code deaths} calls with this input: it is not called again. A key's value is
     * saved as handled with the env unchanged ({@code liveEnvJson}, in {@code liveForm}), so no restart runs it
     * again; a stream entry goes to the dead letters.
     */
    record Poison(String message, int deaths, String liveEnvJson, EnvForm liveForm) implements NotCalled {
        public CallOutcome outcome() {
            return CallOutcome.POISON_INPUT;
        }

        public Writes writes(Ledger ledger) {
            ErrorReport error = ErrorReport.of("PoisonInput", message);
            Ledger.Failure skipped = ledger.notCalled(outcome(), error);
            return ledger.streamEntry().isPresent()
                    ? Writes.deadLettered(
                            skipped.status(), skipped.call(), ledger.deadLetter(error, deaths), ledger.ack())
                    : Writes.poison(ledger.state(LazyText.of(liveEnvJson), liveForm), skipped.status(), skipped.call());
        }
    }
}
