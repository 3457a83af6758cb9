package io.fnpulse.runtime.worker;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * {@code Thread.stop}, where this JDK still has it: Java 17 to 19 do; from Java 20 it throws
 * {@link UnsupportedOperationException}, and a later JDK may drop the method altogether. Asked once, by stopping a
 * thread that was never started (on a JDK that can, that only marks it to end at once should it ever start).
 */
final class ThreadStop {

    private static final Optional<Method> STOP = probe();

    private ThreadStop() {}

    /** Whether this JDK can end a thread from outside it. */
    static boolean available() {
        return STOP.isPresent();
    }

    /**
     * Throws {@code ThreadDeath} in {@code thread}, wherever it is.
     *
     * @return false where this JDK cannot
     */
    static boolean stop(Thread thread) {
        if (STOP.isEmpty()) {
            return false;
        }
        try {
            STOP.get().invoke(thread);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Method> probe() {
        try {
            Method stop = Thread.class.getMethod("stop");
            stop.invoke(new Thread(() -> {}, "fnpulse-thread-stop-probe"));
            return Optional.of(stop);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
