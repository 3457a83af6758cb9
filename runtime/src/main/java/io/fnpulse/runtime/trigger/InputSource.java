package io.fnpulse.runtime.trigger;

import java.util.List;

/** Where inputs come from: the input key's latest value, or every entry of the input stream. */
public interface InputSource {

    /** What there is to handle now, in order; empty when nothing is new. Never waits. */
    List<Input> next();

    /** The input was dealt with and must not come back. */
    void handled(Input input);

    /** The last input handed out was not dealt with (no code yet, the lease lost): hand it out again. */
    void again();

    /**
     * This replica has just become the one that invokes (at start or on taking over), and {@code lastHandledDigest}
     * is the digest the saved state recorded, if any.
     */
    void becameActive(String lastHandledDigest);

    /** What is waiting to be handled, for {@code fnpulse_backlog_entries}: only a stream keeps a backlog. */
    default long backlog() {
        return 0;
    }
}
