package io.fnpulse.service.lifecycle;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories for a service's own background threads: named, so a thread dump and the log say whose they are,
 * and daemon, so that only the main thread decides when the process ends.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Every thread it makes is called {@code name}: for executors that only ever run one thread at a time. */
    public static ThreadFactory named(String name) {
        return runnable -> daemon(runnable, name);
    }

    /** Threads called {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> daemon(runnable, prefix + "-" + next.incrementAndGet());
    }

    public static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
