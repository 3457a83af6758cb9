package io.fnpulse.dashboard.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;

/** Appends {@code <O>:calls} entries as the runtime's commit does: one field, {@code data}, a {@link CallRecord}. */
public final class CallsLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestRedis redis;
    private final String key;

    public CallsLog(TestRedis redis, String outputKey) {
        this.redis = redis;
        this.key = outputKey + ":calls";
    }

    public String success(Instant at, String version, double durationMs) {
        return add(new CallRecord(
                at.toString(),
                "sha256:ab12",
                null,
                CallOutcome.SUCCESS,
                durationMs,
                version,
                null,
                null,
                null,
                null,
                null));
    }

    public String failure(Instant at, String version, String type, String message, String stdout) {
        ErrorReport error = new ErrorReport(
                type, message, type + ": " + message + "\n\tat metrics.Function.apply(Function.java:42)");
        return add(new CallRecord(
                at.toString(),
                "sha256:cd34",
                null,
                CallOutcome.FUNCTION_ERROR,
                3.25,
                version,
                error,
                stdout,
                "<b>not html</b>",
                null,
                null));
    }

    private String add(CallRecord call) {
        try {
            return redis.client()
                    .xadd(key, StreamEntryID.NEW_ENTRY, Map.of("data", MAPPER.writeValueAsString(call)))
                    .toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
