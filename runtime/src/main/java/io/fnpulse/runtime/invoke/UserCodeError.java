package io.fnpulse.runtime.invoke;

import java.util.Objects;
import java.util.Optional;

/**
 * What function code raised where the runtime cannot hold the exception itself (a Python function, in its worker),
 * carried as data: the exception's own type name, message and traceback, and the line of the function's code it
 * came from. The status key shows it as the function's error, not as this class.
 *
 * @see io.fnpulse.runtime.report.ErrorReports
 */
public final class UserCodeError extends Exception {

    private final String type;
    private final String userMessage;
    private final String trace;
    private final Optional<String> where;

    /**
     * @param type    the exception's type as its language names it, e.g. {@code ValueError}, {@code mymodule.Bad}
     * @param message its message
     * @param trace   its traceback as its language prints it
     * @param where   {@code file:line} of the innermost frame in the function's own code, when there is one
     */
    public UserCodeError(String type, String message, String trace, Optional<String> where) {
        super(type + ": " + message + where.map(at -> " (at " + at + ")").orElse(""), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.userMessage = Objects.requireNonNull(message, "message");
        this.trace = trace == null ? "" : trace;
        this.where = Objects.requireNonNull(where, "where");
    }

    public String type() {
        return type;
    }

    /** The message alone, without the type and the place that {@link #getMessage()} adds for log lines. */
    public String userMessage() {
        return userMessage;
    }

    public String trace() {
        return trace;
    }

    public Optional<String> where() {
        return where;
    }
}
