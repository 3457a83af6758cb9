package io.fnpulse.runtime.invoke;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which call the current thread belongs to, for every context of this runtime (one per served key): inherited by the
 * threads a call starts, so that their env and what they print are that call's. Also counts the calls running now.
 */
public final class CallScopes {

    private final InheritableThreadLocal<CallScope> current = new InheritableThreadLocal<>();
    private final AtomicInteger running = new AtomicInteger();

    CallScope current() {
        return current.get();
    }

    void enter(CallScope scope) {
        current.set(scope);
    }

    void leave() {
        current.remove();
    }

    void started() {
        running.incrementAndGet();
    }

    void ended() {
        running.decrementAndGet();
    }

    /** Whether any call runs now: a JVM exiting at such a moment was ended by the function (System.exit). */
    public boolean calling() {
        return running.get() > 0;
    }
}
