package io.fnpulse.runtime.report;

import java.io.PrintWriter;
import java.io.StringWriter;

/** The {@code error} object of the status key: what failed, in words a function author can act on. */
public record ErrorReport(String type, String message, String stackTrace) {

    private static final int MAX_STACK_TRACE_CHARS = 8 * 1024;

    public static ErrorReport of(Throwable error) {
        return new ErrorReport(error.getClass().getName(), messageOf(error), stackTraceOf(error));
    }

    /** A failure that is the runtime's finding rather than an exception with a useful trace. */
    public static ErrorReport of(String type, String message) {
        return new ErrorReport(type, message, null);
    }

    private static String messageOf(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    }

    /** The trace up to where the runtime called in: the frames below that are ours, not the function's. */
    private static String stackTraceOf(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String trace = out.toString();
        int ours = trace.indexOf("\tat io.fnpulse.runtime.");
        if (ours > 0) {
            int causedBy = trace.indexOf("Caused by:", ours);
            trace = trace.substring(0, ours) + "\t... (runtime frames omitted)\n"
                    + (causedBy > 0 ? trace.substring(causedBy) : "");
        }
        return trace.length() <= MAX_STACK_TRACE_CHARS ? trace : trace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t...";
    }
}
