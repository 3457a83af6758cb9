package io.fnpulse.dashboard.web;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty and Javalin catch what a request or a WebSocket callback throws, {@code OutOfMemoryError} included, and keep
 * the thread; the dashboard's rule is that an out-of-memory ends the process with exit code 3. So the places that
 * catch on Jetty's threads hand such an error on to the process's uncaught-exception handler (the service kit's
 * {@code OutOfMemoryExit}, installed by {@code Main}).
 */
final class OutOfMemory {

    private OutOfMemory() {}

    /** Hands {@code error} to the default handler if it is, or was caused by, an {@code OutOfMemoryError}. */
    static void exitIfCaused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                Thread.UncaughtExceptionHandler handler = Thread.getDefaultUncaughtExceptionHandler();
                if (handler != null) {
                    handler.uncaughtException(Thread.currentThread(), error);
                }
                return;
            }
        }
    }

    /** Jetty's pool, sized as Javalin sizes it, whose failed jobs are checked for an out-of-memory. */
    static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(250, 8, 60_000) {
            @Override
            protected void onJobFailure(Throwable failure) {
                exitIfCaused(failure);
                super.onJobFailure(failure);
            }
        };
        pool.setName("http");
        return pool;
    }
}
