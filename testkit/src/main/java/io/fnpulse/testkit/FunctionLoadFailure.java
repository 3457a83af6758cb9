package io.fnpulse.testkit;

import io.fnpulse.runtime.load.FunctionLoadException;

/**
 * The function could not be loaded; the message is the runtime's own: compile errors one per line as
 * {@code file:line: error: message}, a handler that is not there with what there is instead.
 */
public final class FunctionLoadFailure extends RuntimeException {

    private final String kind;

    FunctionLoadFailure(FunctionLoadException cause) {
        super(cause.getMessage(), cause);
        this.kind = cause.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    FunctionLoadFailure(String message) {
        super(message);
        this.kind = "io";
    }

    /** What went wrong, as the runtime counts it: {@code compile}, {@code handler}, {@code init}, {@code io}, ... */
    public String kind() {
        return kind;
    }
}
