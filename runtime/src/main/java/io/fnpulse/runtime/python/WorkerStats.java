package io.fnpulse.runtime.python;

import java.util.concurrent.atomic.AtomicLong;

/** What happened to the Python workers of this runtime, all versions together: counters for /metrics. */
public final class WorkerStats {

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong restarted = new AtomicLong();
    private final AtomicLong exitedBetweenCalls = new AtomicLong();
    private final AtomicLong diedInCalls = new AtomicLong();
    private final AtomicLong killedAtDeadline = new AtomicLong();

    /** Worker processes started, first ones and restarts. */
    public long started() {
        return started.get();
    }

    /** Workers started in place of one that ended: after a timeout, a death, an exit between calls. */
    public long restarted() {
        return restarted.get();
    }

    /** Workers that exited or crashed while no call ran. */
    public long exitedBetweenCalls() {
        return exitedBetweenCalls.get();
    }

    /** Workers that died during a call (each counted toward POISON_RETRIES, as a death of the runtime is). */
    public long diedInCalls() {
        return diedInCalls.get();
    }

    /** Workers killed because a call or an import ran past HANDLER_TIMEOUT_SECONDS. */
    public long killedAtDeadline() {
        return killedAtDeadline.get();
    }

    void workerStarted(boolean restart) {
        started.incrementAndGet();
        if (restart) {
            restarted.incrementAndGet();
        }
    }

    void exitedBetweenCall() {
        exitedBetweenCalls.incrementAndGet();
    }

    void diedInCall() {
        diedInCalls.incrementAndGet();
    }

    void killedAtTheDeadline() {
        killedAtDeadline.incrementAndGet();
    }
}
