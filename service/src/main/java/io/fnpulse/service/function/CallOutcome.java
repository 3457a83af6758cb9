package io.fnpulse.service.function;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one call came to: the {@code outcome} of its calls log entry ({@link CallRecord}) and the {@code outcome} tag of
 * {@code fnpulse_invocations_total}. The tag is the lower-case name: {@code success}, {@code no_output},
 * {@code function_error}, ...
 */
public enum CallOutcome {
    /** The function returned an output, which was written. */
    SUCCESS,
    /** The function returned null or an empty map: nothing was written, the state was saved. */
    NO_OUTPUT,
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
    /** The process died during calls with this input POISON_RETRIES times; it is skipped, not called again. */
    POISON_INPUT;

    @JsonValue
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the call worked: its state was saved (and its output written, if it returned one). */
    public boolean succeeded() {
        return this == SUCCESS || this == NO_OUTPUT;
    }

    @JsonCreator
    public static CallOutcome ofTag(String tag) {
        return Arrays.stream(values())
                .filter(outcome -> outcome.tag().equals(tag))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no call outcome is tagged '" + tag + "'"));
    }
}
