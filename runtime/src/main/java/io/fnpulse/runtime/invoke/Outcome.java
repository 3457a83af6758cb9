package io.fnpulse.runtime.invoke;

import io.fnpulse.runtime.worker.AbandonedCall;
import io.fnpulse.service.function.CallOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one call came to: the JSON to write and the env to save, why there is none, or that the call cannot end in
 * this process (its code ran on and could not be stopped).
 */
public sealed interface Outcome {

    Duration took();

    /** What the call printed. */
    Captured captured();

    /**
     * @param output  the JSON object to write; empty when the function returned null or an empty map
     * @param envJson the env after the call, serialised, ready to be saved
     * @param env     the same env read back from that JSON: the live env once the state is saved
     */
    record Success(Optional<String> output, String envJson, Map<String, Object> env, Duration took, Captured captured)
            implements Outcome {

        Success withCaptured(Captured printed) {
            return new Success(output, envJson, env, took, printed);
        }
    }

    /** The live env is untouched: the call only ever changed its own copy. */
    record Failure(CallOutcome kind, Throwable cause, Duration took, Captured captured) implements Outcome {

        /** A failure found before any call: nothing was printed. */
        public Failure(CallOutcome kind, Throwable cause, Duration took) {
            this(kind, cause, took, Captured.NOTHING);
        }

        public String message() {
            return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        }
    }

    /**
     * The call's code can no longer be got rid of here, or what ran it is gone: it ran past its deadline, ignored the
     * interrupt, and this JDK cannot stop its thread (Java 20 on), so the process must end to be rid of it. No call
     * outcome of its own: like the process dying during a call, it counts toward POISON_RETRIES, as a death whose
     * cause is known; the input is called again after the restart, or skipped as poison. The live env is untouched.
     *
     * @param abandoned the thread left to the code, where it could not be stopped
     */
    record Died(Throwable cause, Duration took, Captured captured, Optional<AbandonedCall> abandoned)
            implements Outcome {

        /** Whether this process must end before the input can be called again. */
        public boolean endsProcess() {
            return abandoned.map(AbandonedCall::endsProcess).orElse(false);
        }

        public String message() {
            return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        }
    }
}
