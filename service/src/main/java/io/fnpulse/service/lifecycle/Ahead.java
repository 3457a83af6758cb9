package io.fnpulse.service.lifecycle;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A value made on a daemon thread of its own while the thread that asked for it goes on: a service's start makes its
 * independent expensive parts this way, at the same time as the rest of its wiring, on a second core where there is
 * one. {@link #get()} waits for the value and throws what making it threw.
 */
public final class Ahead<T> {

    private final FutureTask<T> task;

    private Ahead(FutureTask<T> task) {
        this.task = task;
    }

    /** Starts making the value on a thread called {@code threadName}. */
    public static <T> Ahead<T> start(String threadName, Supplier<T> make) {
        FutureTask<T> task = new FutureTask<>(make::get);
        DaemonThreads.daemon(task, threadName).start();
        return new Ahead<>(task);
    }

    /**
     * The value, once made; an unchecked exception or error that making it threw is thrown here as it was. An
     * interrupt while waiting is kept for later: the value is part of a start that cannot go on without it.
     */
    public T get() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
