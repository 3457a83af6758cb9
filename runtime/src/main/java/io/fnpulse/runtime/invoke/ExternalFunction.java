package io.fnpulse.runtime.invoke;

import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.service.function.CallOutcome;

/**
 * A loaded version whose calls run outside this JVM — a Python function in its worker process. It runs each call
 * itself (deadline, what the call prints, encoding the result and the env) and reports it as the same
 * {@link Outcome} a Java call comes to, so the rest of the runtime cannot tell them apart.
 */
public interface ExternalFunction extends LoadedFunction {

    /** The form the env of its calls is in, as its {@link ExternalCall} hands it over and its successes leave it. */
    @Override
    EnvForm envForm();

    /**
     * Runs one call to its end. Whatever the function does comes back as the outcome: a success carries the output
     * and the env in its saved form; a failure is a {@link CallOutcome#FUNCTION_ERROR} (with a {@link UserCodeError}),
     * {@link CallOutcome#TIMEOUT}, {@link CallOutcome#BAD_RESULT} or {@link CallOutcome#BAD_ENV}; a worker that died
     * in the call is {@link Outcome.Died}. Neither changes the live env.
     *
     * @throws InterruptedException when the runtime is interrupted while the call runs; the call is ended too
     */
    Outcome call(ExternalCall call) throws InterruptedException;
}
