package io.fnpulse.runtime.report;

import io.fnpulse.service.function.ErrorReport;
import java.util.Optional;

/**
 * Why the code on disk does not load, while it does not (the previous version keeps running meanwhile): one for the
 * runtime, shown in the status of every instance it serves, across successful calls, until the code loads again.
 */
public final class CodeError {

    private volatile ErrorReport current;

    /** The error, or null: the code loads again. */
    public void set(ErrorReport error) {
        this.current = error;
    }

    public Optional<ErrorReport> get() {
        return Optional.ofNullable(current);
    }
}
