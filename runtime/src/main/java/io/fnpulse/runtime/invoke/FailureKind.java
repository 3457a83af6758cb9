package io.fnpulse.runtime.invoke;

/** Why a call produced no output. The lower-case name is the {@code outcome} tag in {@code /metrics}. */
public enum FailureKind {
    /** The input is not a JSON object, or its key cannot be read (too large, another type). */
    BAD_INPUT,
    /** No version of the function could be loaded yet. */
    NO_FUNCTION,
    /** The function threw. */
    FUNCTION_ERROR,
    /** The function ran past HANDLER_TIMEOUT_SECONDS. */
    TIMEOUT,
    /** The return value is not a JSON object, cannot be serialised, or is over the size limit. */
    BAD_RESULT,
    /** The function left something in context.env that cannot be saved as JSON. */
    BAD_ENV,
    /**
     * The worker process running the call (a Python function's) died during it; the runtime goes on and restarts
     * the worker. Counts toward POISON_RETRIES like a death of the runtime itself.
     */
    WORKER_DIED,
    /** The process died during calls with this input POISON_RETRIES times; it is skipped, not called again. */
    POISON_INPUT;

    public String tag() {
        return name().toLowerCase();
    }
}
