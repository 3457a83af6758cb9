package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.Writes;

/**
 * Where one input's path leaves its marks in Redis: the in-flight marker before a call, and the one commit of
 * everything it leaves after it. An implementation retries through a Redis outage, so a computed result is written
 * when Redis returns rather than dropped.
 */
public interface CallRecords {

    /**
     * Records that a call with this input is about to start, and how many process deaths came before it.
     *
     * @param streamId the stream entry's ID, or "" for the input key's value
     * @return false when it could not be recorded because the runtime is stopping: the call must not start
     */
    boolean markInFlight(String digest, String streamId, int deaths) throws InterruptedException;

    /** The in-flight marker for a call, to be set by the commit of the call before it (see {@link Writes}). */
    String markerFor(String digest, String streamId, int deaths);

    /**
     * Writes what is present in one atomic step.
     *
     * @return false when nothing was written: the lease is another replica's, or the runtime is stopping
     */
    boolean commit(Writes writes) throws InterruptedException;
}
