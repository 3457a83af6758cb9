package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.FunctionLoadException;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.log.FailureLog;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Picks up new code before an input is handled and reports what came of it: a loaded version moves the context's
 * modification time on and clears {@code codeError}; a version that failed is logged and counted once, and its
 * error kept in every status until the code loads again, while the previous version keeps running.
 */
public final class CodeUpdates {

    private final LiveFunction code;
    private final StatusReport status;
    private final RuntimeContext context;
    private final RuntimeMetrics metrics;
    private final FailureLog failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.load"));

    public CodeUpdates(LiveFunction code, StatusReport status, RuntimeContext context, RuntimeMetrics metrics) {
        this.code = code;
        this.status = status;
        this.context = context;
        this.metrics = metrics;
    }

    /** Looks for new code; returns a code error not reported before, for the status key. */
    Optional<ErrorReport> refresh() {
        Refresh refresh = code.refresh();
        if (refresh instanceof Refresh.Loaded loaded) {
            context.codeModifiedAt(loaded.function().modifiedAt());
            status.codeError(null);
            metrics.codeLoaded();
            failures.recovered("the function's code loads again");
            return Optional.empty();
        }
        if (refresh instanceof Refresh.Failed failed) {
            FunctionLoadException error = failed.error();
            String running = failed.stillRunning().map(f -> "; " + f.version() + " keeps running").orElse("");
            if (failures.failed(error.getMessage(), "the function's code did not load (" + error.kind() + ")"
                    + running + ":\n" + error.getMessage())) {
                metrics.codeLoadFailed(error.kind().name().toLowerCase(java.util.Locale.ROOT));
                ErrorReport report = ErrorReport.of(error.getClass().getName(), error.getMessage());
                status.codeError(report);
                return Optional.of(report);
            }
        }
        return Optional.empty();
    }
}
