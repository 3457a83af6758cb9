package io.fnpulse.runtime.worker;

import java.time.Duration;

/** User code on a {@link FunctionWorker} did not return a value: it threw, or it ran past its deadline. */
public abstract sealed class UserCodeFailure extends Exception {

    private UserCodeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The code threw; {@link #getCause()} is what it threw, unwrapped. */
    public static final class Threw extends UserCodeFailure {
        Threw(Throwable cause) {
            super(String.valueOf(cause), cause);
        }
    }

    /** The code ran past its deadline and was interrupted, stopped, or left running on an abandoned thread. */
    public static final class TimedOut extends UserCodeFailure {

        /** How the worker got rid of it. */
        public enum Ending {
            /** It noticed the interrupt and ended. */
            INTERRUPTED,
            /** It ignored the interrupt and was stopped with {@code Thread.stop} (Java 17 to 19 only). */
            STOPPED,
            /**
             * It could not be stopped; its thread was left to it and the worker goes on with a new one. See {@link
             * TimedOut#abandoned()}: from Java 20 on, this is every call that ignores its interrupt.
             */
            ABANDONED
        }

        private final Duration timeout;
        private final Ending ending;
        private final AbandonedCall abandoned;

        TimedOut(Duration timeout, Ending ending, AbandonedCall abandoned) {
            super(
                    "ran past the " + io.fnpulse.service.text.Seconds.of(timeout) + " s timeout and was "
                            + ending.name().toLowerCase(java.util.Locale.ROOT),
                    null);
            this.timeout = timeout;
            this.ending = ending;
            this.abandoned = abandoned;
        }

        public Duration timeout() {
            return timeout;
        }

        public Ending ending() {
            return ending;
        }

        /** The abandoned thread, where the ending is {@link Ending#ABANDONED}. */
        public java.util.Optional<AbandonedCall> abandoned() {
            return java.util.Optional.ofNullable(abandoned);
        }
    }
}
