package io.fnpulse.dashboard.calls;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.fnpulse.service.function.CallRecord;

/**
 * One entry of the calls log as the page gets it in a {@code calls} frame: the entry's fields ({@link CallRecord})
 * plus {@code id}, its stream entry ID, which orders the calls and tells a new one from one already shown.
 */
public record LoggedCall(String id, @JsonUnwrapped CallRecord call) {

    /** The name of the one field the dashboard adds to the calls log entry's own. */
    public static final String ID = "id";
}
