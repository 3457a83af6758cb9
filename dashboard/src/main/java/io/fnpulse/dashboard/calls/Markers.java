package io.fnpulse.dashboard.calls;

import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.FunctionStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The marks on the charts' time axis: where a new code version produced its first output, and where calls
 * failed. From the calls log when there is one (its {@code version} changing, its {@code at}); else from the status
 * key (its {@code codeVersion} changing, its time when it reports a failure). The newest {@value #LIMIT} are kept.
 * Only the poll thread changes them.
 */
public final class Markers {

    public static final int LIMIT = 500;

    /** One mark: epoch ms, {@code version} or {@code failure}, and what the tooltip says. */
    public record Marker(long t, String kind, String label) {}

    private final List<Marker> markers = new ArrayList<>();
    private String lastVersion;
    private String lastStatusFailure;

    /** Folds new calls (oldest first) in; returns whether a marker was added. */
    public boolean calls(List<LoggedCall> calls) {
        boolean added = false;
        for (LoggedCall logged : calls) {
            CallRecord call = logged.call();
            long t = time(call.at());
            if (t < 0) {
                continue;
            }
            String version = call.version();
            if (version != null && lastVersion != null && !version.equals(lastVersion)) {
                added |= add(new Marker(t, "version", "version " + version));
            }
            if (version != null) {
                lastVersion = version;
            }
            if (call.outcome() == null || !call.outcome().succeeded()) {
                added |= add(new Marker(t, "failure", "failed: " + describe(call)));
            }
        }
        return added;
    }

    private static String describe(CallRecord call) {
        ErrorReport error = call.error();
        String outcome = call.outcome() == null ? "unknown" : call.outcome().tag();
        if (error == null || error.type() == null) {
            return outcome;
        }
        return error.message() == null || error.message().isEmpty()
                ? error.type()
                : error.type() + ": " + error.message();
    }

    /** Folds a new status in, where there is no calls log; {@code seenAt} stands in for a status without a time. */
    public boolean status(FunctionStatus status, long seenAt) {
        long t = time(status.updatedAt() != null ? status.updatedAt() : status.lastExecution());
        if (t < 0) {
            t = seenAt;
        }
        boolean added = false;
        String version = status.codeVersion();
        if (version != null && lastVersion != null && !version.equals(lastVersion)) {
            added |= add(new Marker(t, "version", "version " + version));
        }
        if (version != null) {
            lastVersion = version;
        }
        if (status.failed() && status.error() != null) {
            String what = status.error().type()
                    + (status.error().message() == null
                            ? ""
                            : ": " + status.error().message());
            String id = t + what;
            if (!Objects.equals(id, lastStatusFailure)) {
                lastStatusFailure = id;
                added |= add(new Marker(t, "failure", "failed: " + what));
            }
        }
        return added;
    }

    public synchronized List<Marker> all() {
        return List.copyOf(markers);
    }

    private synchronized boolean add(Marker marker) {
        int at = markers.size();
        while (at > 0 && markers.get(at - 1).t() > marker.t()) {
            at--;
        }
        markers.add(at, marker);
        while (markers.size() > LIMIT) {
            markers.remove(0);
        }
        return true;
    }

    private static long time(String iso) {
        if (iso == null) {
            return -1;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }
}
