package io.fnpulse.runtime.report;

/** What happened to the worker processes Python functions run in, all versions together, for {@code /metrics}. */
public interface WorkerCounts {

    /** Worker processes started: each version's first, and every restart. */
    long started();

    /** Workers started in place of one that ended: after a timeout, a death in a call, an exit between calls. */
    long restarted();

    /** Workers that exited or crashed while no call ran. */
    long exitedBetweenCalls();

    /** Workers that died during a call (each counted toward POISON_RETRIES). */
    long diedInCalls();

    /** Workers killed because a call or an import ran past HANDLER_TIMEOUT_SECONDS. */
    long killedAtDeadline();
}
