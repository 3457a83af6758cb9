package io.fnpulse.runtime.invoke;

import io.fnpulse.runtime.load.LoadedFunction;

/**
 * A loaded version whose calls run outside this JVM — a Python function in its worker process. It runs each call
 * itself (deadline, what the call prints, encoding the result and the env) and reports it as the same
 * {@link Outcome} a Java call comes to, so the rest of the runtime cannot tell them apart.
 */
public interface ExternalFunction extends LoadedFunction {

    /**
     * Runs one call to its end. Whatever the function does comes back as the outcome: a success carries the output
     * and the env in its saved form; a failure is a {@link FailureKind#FUNCTION_ERROR} (with a {@link UserCodeError}),
     * {@link FailureKind#TIMEOUT}, {@link FailureKind#BAD_RESULT}, {@link FailureKind#BAD_ENV} or
     * {@link FailureKind#WORKER_DIED}, and leaves the live env as it was.
     *
     * @throws InterruptedException when the runtime is interrupted while the call runs; the call is ended too
     */
    Outcome call(ExternalCall call) throws InterruptedException;
}
