package io.fnpulse.dashboard.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing: every refused sign-in from an address makes that address's next refusal answer later, from a
 * quarter of a second doubling up to 8 s, forgotten after a quarter of an hour without one (or at a sign-in that
 * passes). The delay is spent before the refusal is sent, on at most {@link #MOST_WAITING} request threads at once;
 * beyond that a refusal is answered 429 at once, so guessing cannot tie up the server's threads.
 */
final class Throttle {

    static final int MOST_WAITING = 16;
    private static final Duration FIRST = Duration.ofMillis(250);
    private static final Duration LONGEST = Duration.ofSeconds(8);
    private static final Duration FORGOTTEN = Duration.ofMinutes(15);
    private static final int MOST_ADDRESSES = 10_000;

    private record Failures(int count, long lastMillis) {}

    private final Clock clock;
    private final java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(MOST_WAITING);
    private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MOST_ADDRESSES;
        }
    };

    Throttle(Clock clock) {
        this.clock = clock;
    }

    /** Counts a refusal from this address and returns how long to wait before answering it. */
    synchronized Duration refused(String address) {
        long now = clock.millis();
        Failures before = byAddress.get(address);
        int count = before == null || now - before.lastMillis() > FORGOTTEN.toMillis() ? 1 : before.count() + 1;
        byAddress.put(address, new Failures(count, now));
        long delay = FIRST.toMillis() << Math.min(count - 1, 10);
        return Duration.ofMillis(Math.min(delay, LONGEST.toMillis()));
    }

    synchronized void passed(String address) {
        byAddress.remove(address);
    }

    /** Refusals from this address in the current run of them. */
    synchronized int count(String address) {
        Failures failures = byAddress.get(address);
        return failures == null ? 0 : failures.count();
    }

    /** Waits {@code delay} on this thread if a slot is free; false (at once) when all are taken. */
    boolean await(Duration delay) {
        if (!waiting.tryAcquire()) {
            return false;
        }
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            waiting.release();
        }
    }
}
