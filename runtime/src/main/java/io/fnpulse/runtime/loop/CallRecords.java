package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.service.function.ErrorReport;
import java.util.Optional;

/**
 * Where an input's path leaves its marks in Redis: the in-flight marker before calls, and the one commit of
 * everything they leave after them. An implementation retries through a Redis outage, so a computed result is written
 * when Redis returns rather than dropped.
 */
public interface CallRecords {

    /**
     * Records what is about to be called, and the process deaths that came before.
     *
     * @return false when it could not be recorded because the runtime is stopping: the calls must not start
     */
    boolean markInFlight(InFlight.Calling calling) throws InterruptedException;

    /** The in-flight marker for calls to be set by the commit before them (see {@link Writes}), with a death's cause. */
    String markerFor(InFlight.Calling calling, Optional<ErrorReport> cause);

    /**
     * Records, from a process that is dying, that it dies in the call with this input, and why. One try, bounded by
     * the Redis timeout, never retried: the process is going.
     *
     * @return whether it was written
     */
    boolean recordDeath(InFlight.Calling calling, ErrorReport cause);

    /**
     * Writes what is present in one atomic step.
     *
     * @return false when nothing was written: the lease is another replica's, or the runtime is stopping
     */
    boolean commit(Writes writes) throws InterruptedException;
}
