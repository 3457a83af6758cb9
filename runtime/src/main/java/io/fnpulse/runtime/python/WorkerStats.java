package io.fnpulse.runtime.python;

import io.fnpulse.runtime.report.WorkerCounts;
import java.util.concurrent.atomic.AtomicLong;

/** What happened to the Python workers of this runtime, all versions together: counters for /metrics. */
public final class WorkerStats implements WorkerCounts {

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong restarted = new AtomicLong();
    private final AtomicLong exitedBetweenCalls = new AtomicLong();
    private final AtomicLong diedInCalls = new AtomicLong();
    private final AtomicLong killedAtDeadline = new AtomicLong();

    @Override
    public long started() {
        return started.get();
    }

    @Override
    public long restarted() {
        return restarted.get();
    }

    @Override
    public long exitedBetweenCalls() {
        return exitedBetweenCalls.get();
    }

    @Override
    public long diedInCalls() {
        return diedInCalls.get();
    }

    @Override
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
