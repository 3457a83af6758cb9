package io.fnpulse.service.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The status key's value ({@code O:status}), written by the runtime after every call and read by the dashboard:
 * whether the call worked, when the last good one ran, how long it took, which code ran, the error if it failed.
 * {@code codeError} stays set while the code on disk does not load (the previous version keeps running meanwhile),
 * even across successful calls. Times are ISO-8601 instants.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionStatus(
        Boolean ok,
        String lastExecution,
        Double durationMs,
        String functionGetmtime,
        String codeVersion,
        ErrorReport error,
        ErrorReport codeError,
        String handler,
        String instance,
        String updatedAt) {

    /** The last call failed (or the writer says so without an error object). */
    public boolean failed() {
        return Boolean.FALSE.equals(ok) || error != null;
    }
}
