package io.fnpulse.runtime.trigger;

import java.time.Duration;

/**
 * The loop's clock: a tick every poll interval, or sooner when woken (by a keyspace notification or a shutdown).
 * A wake-up that arrives while the loop is busy is remembered, so a change made during a call is not missed.
 */
public final class Ticker {

    private final Duration interval;
    private long nextTickNanos;
    private boolean woken;

    public Ticker(Duration interval) {
        this.interval = interval;
        this.nextTickNanos = System.nanoTime();
    }

    /** Waits for the next tick or a wake-up, whichever comes first. */
    public synchronized void awaitTick() throws InterruptedException {
        awaitUntil(nextTickNanos);
        long now = System.nanoTime();
        nextTickNanos = Math.max(nextTickNanos + interval.toNanos(), now);
        if (nextTickNanos - now > interval.toNanos()) {
            nextTickNanos = now + interval.toNanos();
        }
    }

    /** Waits for the given time or a wake-up, for retry delays that a shutdown must be able to cut short. */
    public synchronized void await(Duration delay) throws InterruptedException {
        awaitUntil(System.nanoTime() + delay.toNanos());
    }

    private void awaitUntil(long deadline) throws InterruptedException {
        long left;
        while (!woken && (left = deadline - System.nanoTime()) > 0) {
            wait(left / 1_000_000, (int) (left % 1_000_000));
        }
        woken = false;
    }

    public synchronized void wake() {
        woken = true;
        notifyAll();
    }

    public Duration interval() {
        return interval;
    }
}
