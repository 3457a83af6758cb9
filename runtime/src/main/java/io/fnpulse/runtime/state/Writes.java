package io.fnpulse.runtime.state;

import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.HistoryEntry;
import java.util.Optional;

/**
 * What one commit writes, part by part. Only the factories below make one, each named for a way an input's path
 * ends, so what each ending leaves behind reads in one line; {@link Commit} turns the parts into the commands of its
 * one script.
 *
 * @param output   the output for {@code O}, and the output history's entry for it (which names the input)
 * @param state    the state key's value: the env the call left, with the digest of its input
 * @param status   the status key's value
 * @param inFlight what becomes of the in-flight marker
 * @param call     the calls log entry
 * @param dead     the dead letter of a stream entry that failed for good or can never be called
 * @param ack      the stream entry to acknowledge
 */
public record Writes(
        Optional<HistoryEntry> output,
        Optional<String> state,
        Optional<String> status,
        InFlightMarker inFlight,
        Optional<CallRecord> call,
        Optional<DeadLetter> dead,
        Optional<String> ack) {

    /** The in-flight marker: left as it is, cleared (the call ended), or set for the call that follows at once. */
    public sealed interface InFlightMarker {
        record Keep() implements InFlightMarker {}

        record Clear() implements InFlightMarker {}

        /** The marker of the next entry of a batch, set instead of clearing: its call needs no round trip of its own. */
        record Next(String marker) implements InFlightMarker {}

        /** Cleared, or set for the next call where there is one. */
        static InFlightMarker endOrNext(Optional<String> next) {
            return next.<InFlightMarker>map(Next::new).orElse(new Clear());
        }
    }

    /** Nothing at all, the in-flight marker left as it is: what each factory adds its parts to. */
    private static final Writes NOTHING = new Writes(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            new InFlightMarker.Keep(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    /** A call that returned an output: it is written with its state, status and calls log entry. */
    public static Writes success(
            HistoryEntry output,
            String state,
            String status,
            CallRecord call,
            Optional<String> ack,
            Optional<String> nextMarker) {
        return noOutput(state, status, call, ack, nextMarker).withOutput(output);
    }

    /** A call that returned nothing to write: its state, status and calls log entry; the last output stays. */
    public static Writes noOutput(
            String state, String status, CallRecord call, Optional<String> ack, Optional<String> nextMarker) {
        Writes called = NOTHING.withState(state)
                .withStatus(status)
                .withCall(call)
                .withInFlight(InFlightMarker.endOrNext(nextMarker));
        return ack.map(called::withAck).orElse(called);
    }

    /** A failed call of a stream entry that is called again: its status and calls log entry; the entry stays pending. */
    public static Writes retry(String status, CallRecord call) {
        return failed(status, call);
    }

    /** A call that failed for good: its status and calls log entry; the last output and the saved env stay. */
    public static Writes failed(String status, CallRecord call) {
        return NOTHING.withStatus(status).withCall(call).withInFlight(new InFlightMarker.Clear());
    }

    /** A stream entry that failed for good, or can never be called: its dead letter, and it is acknowledged. */
    public static Writes deadLettered(String status, CallRecord call, DeadLetter letter, String ack) {
        return failed(status, call).withDead(letter).withAck(ack);
    }

    /**
     * A value of the input key that is not passed to the function (it cannot be read, or is not a JSON object): its
     * status and calls log entry. No call started, so an in-flight marker left by a process that died stays.
     */
    public static Writes refused(String status, CallRecord call) {
        return NOTHING.withStatus(status).withCall(call);
    }

    /**
     * A value of the input key that the process died in calls with too often: saved as handled, with the env as it
     * was, so that no restart calls it again. (A stream entry's poison goes to the dead letters instead.)
     */
    public static Writes poison(String unchangedState, String status, CallRecord call) {
        return failed(status, call).withState(unchangedState);
    }

    /** A status written while no call runs: no code has loaded, or the code failed to load. */
    public static Writes status(String status) {
        return NOTHING.withStatus(status);
    }

    /** An in-flight marker set ahead for a call that will not happen now (the runtime stops). */
    public static Writes clearMarker() {
        return NOTHING.withInFlight(new InFlightMarker.Clear());
    }

    private Writes withOutput(HistoryEntry output) {
        return new Writes(Optional.of(output), state, status, inFlight, call, dead, ack);
    }

    private Writes withState(String state) {
        return new Writes(output, Optional.of(state), status, inFlight, call, dead, ack);
    }

    private Writes withStatus(String status) {
        return new Writes(output, state, Optional.of(status), inFlight, call, dead, ack);
    }

    private Writes withInFlight(InFlightMarker inFlight) {
        return new Writes(output, state, status, inFlight, call, dead, ack);
    }

    private Writes withCall(CallRecord call) {
        return new Writes(output, state, status, inFlight, Optional.of(call), dead, ack);
    }

    private Writes withDead(DeadLetter dead) {
        return new Writes(output, state, status, inFlight, call, Optional.of(dead), ack);
    }

    private Writes withAck(String ack) {
        return new Writes(output, state, status, inFlight, call, dead, Optional.of(ack));
    }
}
