package io.fnpulse.runtime.invoke;

import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.service.function.CallOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one call came to: the JSON to write and the env to save, why there is none, or that the process running it
 * died.
 */
public sealed interface Outcome {

    Duration took();

    /** What the call printed. */
    Captured captured();

    /**
     * @param output  the JSON object to write; empty when the function returned null or an empty map
     * @param envJson the env after the call, serialised, ready to be saved
     * @param env     the same env read back from that JSON: the live env once the state is saved
     * @param form    the form both are in: the function's language's
     */
    record Success(
            Optional<String> output,
            String envJson,
            Map<String, Object> env,
            EnvForm form,
            Duration took,
            Captured captured)
            implements Outcome {

        Success withCaptured(Captured printed) {
            return new Success(output, envJson, env, form, took, printed);
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
     * The process running the call (a Python function's worker) died before it answered: the function ended it
     * ({@code os._exit}), crashed it, or it was killed from outside. No call outcome of its own: like the runtime's
     * own death during a call, it counts toward POISON_RETRIES, and the input is called again or skipped as poison.
     * The live env is untouched.
     */
    record Died(WorkerDiedException cause, Duration took, Captured captured) implements Outcome {

        public String message() {
            return cause.getMessage();
        }
    }
}
