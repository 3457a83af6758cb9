package io.fnpulse.dashboard.poll;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The runtime's status key as the page shows it: how the last call went. Times are passed through as the runtime
 * wrote them (ISO-8601); the stack trace is cut short because the page only needs its top.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionStatus(
        Boolean ok,
        String lastExecution,
        Double durationMs,
        String functionGetmtime,
        String codeVersion,
        Failure error) {

    static final int STACK_TRACE_LIMIT = 4_000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Failure(String type, String message, String stackTrace) {
        public Failure {
            if (stackTrace != null && stackTrace.length() > STACK_TRACE_LIMIT) {
                stackTrace = stackTrace.substring(0, STACK_TRACE_LIMIT) + "\n\t…";
            }
        }
    }

    public boolean failed() {
        return Boolean.FALSE.equals(ok) || error != null;
    }
}
