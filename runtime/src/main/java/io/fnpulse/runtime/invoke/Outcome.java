package io.fnpulse.runtime.invoke;

import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.runtime.worker.AbandonedCall;
import io.fnpulse.service.function.CallOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What one call came to: the JSON to write and the env to save, why there is none, or that what ran it is gone or
 * must go: a Python function's worker died, or the call's code ran on in this process and could not be stopped.
 */
public sealed interface Outcome {

    Duration took();

    /** What the call printed. */
    Captured captured();

    /**
     * @param output   the JSON object to write; empty when the function returned null or an empty map
     * @param savedEnv the env after the call, serialised, ready to be saved; made when it is saved (of a run of
     *                 calls, only the last one's is)
     * @param env      the same env as read back from that JSON: the live env once the state is saved
     * @param form     the form both are in: the function's language's
     */
    record Success(
            Optional<String> output,
            LazyText savedEnv,
            Map<String, Object> env,
            EnvForm form,
            Duration took,
            Captured captured)
            implements Outcome {

        Success withCaptured(Captured printed) {
            return new Success(output, savedEnv, env, form, took, printed);
        }

        /** The env after the call, serialised. */
        public String envJson() {
            return savedEnv.get();
        }

        /**
         * What is left to report of the call once its env has gone live: the output, the time and what it printed.
         * A run holds its calls until it commits; the envs they left, but the last, are garbage by then.
         */
        public Success reported() {
            return new Success(output, GONE_LIVE, Map.of(), form, took, captured);
        }

        private static final LazyText GONE_LIVE = LazyText.later(() -> {
            throw new IllegalStateException("the env of a call that was reported has gone live: it is not the call's");
        });
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
     * What ran the call is gone, or must go, before the call answered: a Python function's worker died (the function
     * ended it with {@code os._exit}, crashed it, or it was killed from outside; the runtime starts another), or the
     * call ran past its deadline, ignored the interrupt, and this JDK cannot stop its thread (Java 20 on), so the
     * process must end to be rid of it. No call outcome of its own: like the process dying during a call, it counts
     * toward POISON_RETRIES, as a death whose cause is known; the input is called again, or skipped as poison. The live
     * env is untouched.
     *
     * @param abandoned the thread left to the code, where it could not be stopped; empty for a worker's death
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
