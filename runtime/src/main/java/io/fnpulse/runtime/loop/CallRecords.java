package io.fnpulse.runtime.loop;

import java.util.Optional;

/**
 * Where one input's path leaves its marks in Redis: the in-flight marker before a call, and the one commit of
 * output, state and status after it. An implementation retries through a Redis outage, so a computed result is
 * written when Redis returns rather than dropped.
 */
public interface CallRecords {

    /**
     * Records that a call with this input is about to start, and how many process deaths came before it.
     *
     * @return false when it could not be recorded because the runtime is stopping: the call must not start
     */
    boolean markInFlight(String digest, int deaths) throws InterruptedException;

    /**
     * Writes what is present in one atomic step and clears the in-flight marker.
     *
     * @return false when nothing was written: the lease is another replica's, or the runtime is stopping
     */
    boolean commit(Optional<String> output, Optional<String> state, String status) throws InterruptedException;

    /** Writes a status that ends no call (a code error found while no call runs). */
    void status(String status) throws InterruptedException;
}
