package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.ErrorReport;

/**
 * The inputs that were in flight when the last process died — a key's value, one stream entry, or a run of entries
 * from the first to the last — and the deaths counted with each: what a new process learns from the in-flight
 * marker, with the cause of the last death where the process that died recorded one. Each is handled on its own, with a marker that carries its deaths on, so that a second death names the one
 * input in flight.
 */
record Suspects(String digest, String firstId, String lastId, InFlight.Deaths deaths, String lastCause) {

    static Suspects of(InFlight.Marker marker) {
        InFlight.Calling calling = marker.calling();
        return new Suspects(
                calling.digest(),
                calling.streamId(),
                calling.lastStreamId(),
                marker.deathsNow(),
                marker.cause().map(ErrorReport::message).orElse(""));
    }

    /** Whether {@code input} was in flight: the same key value, or an entry from the first to the last. */
    boolean cover(Input input) {
        if (input.streamId().isEmpty()) {
            return firstId.isEmpty() && digest.equals(input.digest());
        }
        String id = input.streamId().get();
        return !firstId.isEmpty() && compare(firstId, id) <= 0 && compare(id, lastId) <= 0;
    }

    /** Whether {@code input} comes after every suspect, so that none of them can come again in this stream. */
    boolean allBefore(Input input) {
        return input.streamId().isPresent()
                && !firstId.isEmpty()
                && compare(lastId, input.streamId().get()) < 0;
    }

    /** Stream IDs in stream order: milliseconds, then the sequence number. */
    static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        int byTime = Long.compareUnsigned(x[0], y[0]);
        return byTime != 0 ? byTime : Long.compareUnsigned(x[1], y[1]);
    }

    private static long[] parts(String id) {
        int dash = id.indexOf('-');
        return dash < 0
                ? new long[] {parse(id), 0}
                : new long[] {parse(id.substring(0, dash)), parse(id.substring(dash + 1))};
    }

    private static long parse(String digits) {
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
