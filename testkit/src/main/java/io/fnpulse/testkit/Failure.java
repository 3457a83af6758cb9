package io.fnpulse.testkit;

/**
 * How a call failed, in the words of the runtime's status key ({@code error}) and calls log ({@code outcome}).
 *
 * @param outcome    the calls log's outcome tag: {@code function_error}, {@code timeout}, {@code bad_result},
 *                   {@code bad_env}, {@code bad_input}, or {@code poison_input} for a Python function whose worker
 *                   process died in the call (which the runtime, by default, would skip)
 * @param type       the exception's class name, e.g. {@code java.lang.IllegalArgumentException}; for a Python
 *                   function, its type as Python names it, e.g. {@code ValueError}
 * @param message    its message
 * @param stackTrace its stack trace down to where the runtime called the function; empty where the runtime gives
 *                   none (an input that is not a JSON object)
 */
public record Failure(String outcome, String type, String message, String stackTrace) {

    /**
     * One line: {@code function_error: java.lang.IllegalStateException: no eth0}. Where the runtime itself refused
     * the call (an input that is not a JSON object, a result it cannot write, the deadline), the outcome says the
     * kind and the message the rest, so the runtime's own exception class is left out: {@code bad_input: the input is
     * a JSON array, not a JSON object: [1,2]}.
     */
    public String describe() {
        if (type.startsWith(RUNTIME_PACKAGE)) {
            return outcome + ": " + message;
        }
        return outcome + ": " + (message.equals(type) ? type : type + ": " + message);
    }

    private static final String RUNTIME_PACKAGE = "io.fnpulse.runtime.";
}
