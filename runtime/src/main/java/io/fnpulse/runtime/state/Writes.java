package io.fnpulse.runtime.state;

import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.HistoryEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one commit writes, part by part. Only the factories below make one, each named for a way an input's path
 * ends, so what each ending leaves behind reads in one line; a run of stream entries commits the writes of its
 * endings joined in order ({@link #then}); {@link Commit} turns the parts into the commands of its one script.
 *
 * @param outputs  the outputs, in order: each has its output history entry (which names the input); the last is
 *                 what the output key holds after the commit
 * @param state    the state key's value: the env the last successful call left, with the digest of its input; made
 *                 only if it is written (a later call of the run replaces it)
 * @param status   the status key's value, made likewise
 * @param inFlight what becomes of the in-flight marker
 * @param calls    the calls log entries, in order
 * @param dead     the dead letters of stream entries that failed for good or can never be called
 * @param acks     the stream entries to acknowledge
 */
public record Writes(
        List<HistoryEntry> outputs,
        Optional<LazyText> state,
        Optional<LazyText> status,
        InFlightMarker inFlight,
        List<CallRecord> calls,
        List<DeadLetter> dead,
        List<String> acks) {

    public Writes {
        outputs = List.copyOf(outputs);
        calls = List.copyOf(calls);
        dead = List.copyOf(dead);
        acks = List.copyOf(acks);
    }

    /** The in-flight marker: left as it is, cleared (the calls ended), or set for the calls that follow at once. */
    public sealed interface InFlightMarker {
        record Keep() implements InFlightMarker {}

        record Clear() implements InFlightMarker {}

        /** The marker of the calls that follow, set instead of clearing: they need no round trip of their own. */
        record Next(String marker) implements InFlightMarker {}
    }

    /** Nothing at all, the in-flight marker left as it is: what each factory adds its parts to. */
    public static final Writes NOTHING = new Writes(
            List.of(), Optional.empty(), Optional.empty(), new InFlightMarker.Keep(), List.of(), List.of(), List.of());

    /** A call that returned an output: it is written with its state, status and calls log entry. */
    public static Writes success(
            HistoryEntry output, LazyText state, LazyText status, CallRecord call, Optional<String> ack) {
        return noOutput(state, status, call, ack).withOutput(output);
    }

    /** A call that returned nothing to write: its state, status and calls log entry; the last output stays. */
    public static Writes noOutput(LazyText state, LazyText status, CallRecord call, Optional<String> ack) {
        Writes called =
                NOTHING.withState(state).withStatus(status).withCall(call).clearingMarker();
        return ack.map(called::withAck).orElse(called);
    }

    /** A failed call of a stream entry that is called again: its status and calls log entry; the entry stays pending. */
    public static Writes retry(LazyText status, CallRecord call) {
        return failed(status, call);
    }

    /** A call that failed for good: its status and calls log entry; the last output and the saved env stay. */
    public static Writes failed(LazyText status, CallRecord call) {
        return NOTHING.withStatus(status).withCall(call).clearingMarker();
    }

    /** A stream entry that failed for good, or can never be called: its dead letter, and it is acknowledged. */
    public static Writes deadLettered(LazyText status, CallRecord call, DeadLetter letter, String ack) {
        return failed(status, call).withDead(letter).withAck(ack);
    }

    /**
     * A value of the input key that is not passed to the function (it cannot be read, or is not a JSON object): its
     * status and calls log entry. No call started, so an in-flight marker left by a process that died stays.
     */
    public static Writes refused(LazyText status, CallRecord call) {
        return NOTHING.withStatus(status).withCall(call);
    }

    /**
     * A value of the input key that the process died in calls with too often: saved as handled, with the env as it
     * was, so that no restart calls it again. (A stream entry's poison goes to the dead letters instead.)
     */
    public static Writes poison(LazyText unchangedState, LazyText status, CallRecord call) {
        return failed(status, call).withState(unchangedState);
    }

    /** A status written while no call runs: no code has loaded, or the code failed to load. */
    public static Writes status(String status) {
        return NOTHING.withStatus(LazyText.of(status));
    }

    /** An in-flight marker set ahead for calls that will not happen now (the runtime stops). */
    public static Writes clearMarker() {
        return NOTHING.clearingMarker();
    }

    /**
     * These writes, then {@code later}'s, as one commit: every output, calls log entry, dead letter and
     * acknowledgement of both in order; the state, the status and the marker as {@code later} leaves them where it
     * sets them. The keys that hold one value see only the last, as they would after two commits.
     */
    public Writes then(Writes later) {
        return new Writes(
                joined(outputs, later.outputs),
                later.state.isPresent() ? later.state : state,
                later.status.isPresent() ? later.status : status,
                later.inFlight instanceof InFlightMarker.Keep ? inFlight : later.inFlight,
                joined(calls, later.calls),
                joined(dead, later.dead),
                joined(acks, later.acks));
    }

    /** The same writes, setting the marker of the calls that follow at once instead of clearing it. */
    public Writes markingNext(String marker) {
        return withInFlight(new InFlightMarker.Next(marker));
    }

    /** The last output, the one the output key holds after the commit. */
    public Optional<HistoryEntry> lastOutput() {
        return outputs.isEmpty() ? Optional.empty() : Optional.of(outputs.get(outputs.size() - 1));
    }

    private static <T> List<T> joined(List<T> first, List<T> second) {
        if (second.isEmpty()) {
            return first;
        }
        if (first.isEmpty()) {
            return second;
        }
        List<T> both = new ArrayList<>(first.size() + second.size());
        both.addAll(first);
        both.addAll(second);
        return both;
    }

    private Writes clearingMarker() {
        return withInFlight(new InFlightMarker.Clear());
    }

    private Writes withOutput(HistoryEntry output) {
        return new Writes(joined(outputs, List.of(output)), state, status, inFlight, calls, dead, acks);
    }

    private Writes withState(LazyText state) {
        return new Writes(outputs, Optional.of(state), status, inFlight, calls, dead, acks);
    }

    private Writes withStatus(LazyText status) {
        return new Writes(outputs, state, Optional.of(status), inFlight, calls, dead, acks);
    }

    private Writes withInFlight(InFlightMarker inFlight) {
        return new Writes(outputs, state, status, inFlight, calls, dead, acks);
    }

    private Writes withCall(CallRecord call) {
        return new Writes(outputs, state, status, inFlight, joined(calls, List.of(call)), dead, acks);
    }

    private Writes withDead(DeadLetter dead) {
        return new Writes(outputs, state, status, inFlight, calls, joined(this.dead, List.of(dead)), acks);
    }

    private Writes withAck(String ack) {
        return new Writes(outputs, state, status, inFlight, calls, dead, joined(acks, List.of(ack)));
    }
}
