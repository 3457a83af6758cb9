package io.fnpulse.runtime.report;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The status key's value, written after every call: whether it worked, when the last good one ran, how long it
 * took, which code ran, and the error if it failed. {@code codeError} stays set while the code on disk does not
 * load (the previous version keeps running meanwhile), even across successful calls.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Status(
        boolean ok,
        String lastExecution,
        Double durationMs,
        String functionGetmtime,
        String codeVersion,
        ErrorReport error,
        ErrorReport codeError,
        String handler,
        String instance,
        String updatedAt) {
}
