package io.fnpulse.service.lifecycle;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service does when any of its threads runs out of memory: one log line, then exit code 3 at once (the code
 * the JVM's own {@code -XX:+ExitOnOutOfMemoryError} uses), whatever flags the JVM was started with. After an
 * {@code OutOfMemoryError} no state in the heap can be trusted, and a process that limps on looks healthy while it is
 * not; a restart is the fix. Threads that catch errors themselves (supervised loops, the function's worker) hand an
 * {@code OutOfMemoryError} on to this handler. Before it exits, it lets the service say what it was doing (the
 * runtime records the call it dies in).
 */
public final class OutOfMemoryExit implements Thread.UncaughtExceptionHandler {

    public static final int EXIT_CODE = 3;
    private static final int RESERVE_BYTES = 1 << 20;

    private final Logger log = LoggerFactory.getLogger(OutOfMemoryExit.class);
    private final String service;
    private final Consumer<Throwable> lastWords;
    /** Freed before the log line, so that logging has room even when the heap is full. */
    private byte[] reserve;

    private OutOfMemoryExit(String service, Consumer<Throwable> lastWords, byte[] reserve) {
        this.service = service;
        this.lastWords = lastWords;
        this.reserve = reserve;
    }

    /** Becomes the default handler of every thread that does not have one of its own. */
    public static void install(String service) {
        install(service, error -> {});
    }

    /**
     * The same, telling {@code lastWords} of the error after the log line and before the exit; it should be brief
     * (its own I/O bounded in time), and whatever it throws does not stop the exit.
     */
    public static void install(String service, Consumer<Throwable> lastWords) {
        // A handler that replaces another (the runtime's, once it can record the call it dies in) takes over its
        // reserve instead of allocating one more: a mebibyte is a quarter of the runtime's young generation (-Xmn4m),
        // and one more at start brings a collection before the first output nearer.
        byte[] reserve = Thread.getDefaultUncaughtExceptionHandler() instanceof OutOfMemoryExit replaced
                ? replaced.handOverReserve()
                : null;
        Thread.setDefaultUncaughtExceptionHandler(
                new OutOfMemoryExit(service, lastWords, reserve != null ? reserve : new byte[RESERVE_BYTES]));
    }

    private synchronized byte[] handOverReserve() {
        byte[] handedOver = reserve;
        reserve = null;
        return handedOver;
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (causedByOutOfMemory(error)) {
            exit(thread, error);
        }
        log.error("thread {} ended by an error no one caught", thread.getName(), error);
    }

    private synchronized void exit(Thread thread, Throwable error) {
        reserve = null;
        try {
            log.error(
                    "out of memory in thread {} ({}); the {} exits with code {} so that it is restarted",
                    thread.getName(),
                    error.getMessage(),
                    service,
                    EXIT_CODE);
            lastWords.accept(error);
        } finally {
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    private static boolean causedByOutOfMemory(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
