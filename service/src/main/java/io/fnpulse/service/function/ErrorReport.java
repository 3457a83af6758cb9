package io.fnpulse.service.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The {@code error} (and {@code codeError}) object of the status key: what failed, in words a function author can
 * act on. {@code stackTrace} is absent for failures that are the runtime's own finding (a poison input, a key too
 * large to read).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorReport(String type, String message, String stackTrace) {

    public static ErrorReport of(String type, String message) {
        return new ErrorReport(type, message, null);
    }
}
