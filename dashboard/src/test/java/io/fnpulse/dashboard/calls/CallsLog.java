package io.fnpulse.dashboard.calls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Instant;
import java.util.Map;
import redis.clients.jedis.StreamEntryID;

/**
 * Writes {@code <O>:calls} entries the way the runtime's commit does (§8.4, the runtime's CallEntries): one field,
 * {@code data}, holding {@code {at, inputDigest, outcome, durationMs, version, error?, stdout?, stderr?}}.
 */
public final class CallsLog {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TestRedis redis;
    private final String key;

    public CallsLog(TestRedis redis, String outputKey) {
        this.redis = redis;
        this.key = outputKey + ":calls";
    }

    public String success(Instant at, String version, double durationMs) {
        ObjectNode call = MAPPER.createObjectNode()
                .put("at", at.toString())
                .put("inputDigest", "sha256:ab12")
                .put("outcome", "success")
                .put("durationMs", durationMs)
                .put("version", version);
        return add(call);
    }

    public String failure(Instant at, String version, String type, String message, String stdout) {
        ObjectNode call = MAPPER.createObjectNode()
                .put("at", at.toString())
                .put("inputDigest", "sha256:cd34")
                .put("outcome", "threw")
                .put("durationMs", 3.25)
                .put("version", version);
        call.putObject("error")
                .put("type", type)
                .put("message", message)
                .put("stackTrace", type + ": " + message + "\n\tat metrics.Function.apply(Function.java:42)");
        call.put("stdout", stdout).put("stderr", "<b>not html</b>");
        return add(call);
    }

    private String add(ObjectNode call) {
        return redis.client()
                .xadd(key, StreamEntryID.NEW_ENTRY, Map.of("data", call.toString()))
                .toString();
    }
}
