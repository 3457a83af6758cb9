package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.load.FunctionLoadException;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.report.CodeError;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.log.FailureLog;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Picks up new code before an input is handled and reports what came of it: a loaded version moves the context's
 * modification time on and clears {@code codeError}; a version that failed is logged and counted once, and its
 * error kept in every status until the code loads again, while the previous version keeps running.
 */
public final class CodeUpdates {

    private final LiveFunction code;
    private final CodeError error;
    private final Consumer<Instant> modifiedAt;
    private final RuntimeMetrics metrics;
    private final FailureLog failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.load"));

    /** @param modifiedAt told the new code's modification time, for every context's functionGetmtime */
    public CodeUpdates(LiveFunction code, CodeError error, Consumer<Instant> modifiedAt, RuntimeMetrics metrics) {
        this.code = code;
        this.error = error;
        this.modifiedAt = modifiedAt;
        this.metrics = metrics;
    }

    /** Looks for new code; returns a code error not reported before, for the status key. */
    Optional<ErrorReport> refresh() {
        Refresh refresh = code.refresh();
        if (refresh instanceof Refresh.Loaded loaded) {
            modifiedAt.accept(loaded.function().modifiedAt());
            error.set(null);
            metrics.codeLoaded();
            failures.recovered("the function's code loads again");
            return Optional.empty();
        }
        if (refresh instanceof Refresh.Failed failed) {
            FunctionLoadException problem = failed.error();
            String running = failed.stillRunning()
                    .map(f -> "; " + f.version() + " keeps running")
                    .orElse("");
            if (failures.failed(
                    problem.getMessage(),
                    "the function's code did not load (" + problem.kind() + ")" + running + ":\n"
                            + problem.getMessage())) {
                metrics.codeLoadFailed(problem.kind().name().toLowerCase(java.util.Locale.ROOT));
                ErrorReport report = ErrorReport.of(problem.getClass().getName(), problem.getMessage());
                error.set(report);
                return Optional.of(report);
            }
        }
        return Optional.empty();
    }
}
