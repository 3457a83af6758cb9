package io.fnpulse.runtime.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.service.function.ErrorReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code data} of the streams a call leaves entries in: the calls log ({@code <output key>:calls}), one entry per
 * call whatever its outcome, and the dead letters ({@code <output key>:dead}), one per stream entry that failed for
 * good.
 */
public final class CallEntries {

    private final ObjectMapper json;

    public CallEntries(ObjectMapper json) {
        this.json = json;
    }

    /**
     * {@code {at, inputDigest, streamId?, outcome, durationMs, version, error?, stdout?, stderr?, stdoutTruncated?,
     * stderrTruncated?}}; the outcome is the tag of {@code fnpulse_invocations_total{outcome}}.
     */
    public String call(
            Instant at,
            String inputDigest,
            Optional<String> streamId,
            String outcome,
            Duration took,
            String version,
            Optional<ErrorReport> error,
            Captured captured) {
        ObjectNode entry = json.createObjectNode().put("at", at.toString()).put("inputDigest", inputDigest);
        streamId.ifPresent(id -> entry.put("streamId", id));
        entry.put("outcome", outcome)
                .put("durationMs", took.toNanos() / 1_000_000.0)
                .put("version", version);
        error.ifPresent(report -> entry.set("error", json.valueToTree(report)));
        printed(entry, "stdout", captured.stdout(), captured.stdoutMore());
        printed(entry, "stderr", captured.stderr(), captured.stderrMore());
        return entry.toString();
    }

    private static void printed(ObjectNode entry, String stream, String text, long more) {
        if (text.isEmpty() && more == 0) {
            return;
        }
        entry.put(stream, Captured.shown(text, more));
        if (more > 0) {
            entry.put(stream + "Truncated", true);
        }
    }

    /** {@code {streamId, entry: {data}, error: {type, message}, attempts, version, at}}. */
    public String deadLetter(
            String streamId, Optional<String> data, ErrorReport error, int attempts, String version, Instant at) {
        ObjectNode letter = json.createObjectNode().put("streamId", streamId);
        ObjectNode entry = letter.putObject("entry");
        data.ifPresentOrElse(text -> entry.put("data", text), () -> entry.putNull("data"));
        letter.putObject("error").put("type", error.type()).put("message", error.message());
        letter.put("attempts", attempts).put("version", version).put("at", at.toString());
        return letter.toString();
    }
}
