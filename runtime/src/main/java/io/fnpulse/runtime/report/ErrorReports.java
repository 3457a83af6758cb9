package io.fnpulse.runtime.report;

import io.fnpulse.runtime.invoke.UserCodeError;
import io.fnpulse.service.function.ErrorReport;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The status key's {@code error} for an exception: its type, its message and a stack trace that stops where the
 * runtime called into the function, since the frames below that are the runtime's, not the author's. An error
 * raised in a function outside the JVM ({@link UserCodeError}) shows as its own type, message and traceback.
 */
public final class ErrorReports {

    private static final int MAX_STACK_TRACE_CHARS = 8 * 1024;
    private static final String RUNTIME_FRAMES = "io.fnpulse.runtime.";

    private ErrorReports() {}

    public static ErrorReport of(Throwable error) {
        if (error instanceof UserCodeError raised) {
            return new ErrorReport(raised.type(), raised.userMessage(), raised.trace());
        }
        return new ErrorReport(error.getClass().getName(), messageOf(error), stackTraceOf(error));
    }

    private static String messageOf(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    }

    private static String stackTraceOf(Throwable error) {
        StringBuilder trace = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = error; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            if (cause != error) {
                trace.append("Caused by: ");
            }
            trace.append(cause).append('\n');
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (frame.getClassName().startsWith(RUNTIME_FRAMES)) {
                    trace.append("\t... (runtime frames omitted)\n");
                    break;
                }
                trace.append("\tat ").append(frame).append('\n');
            }
            if (trace.length() > MAX_STACK_TRACE_CHARS) {
                break;
            }
        }
        return trace.length() <= MAX_STACK_TRACE_CHARS
                ? trace.toString()
                : trace.substring(0, MAX_STACK_TRACE_CHARS) + "\n\t...";
    }
}
