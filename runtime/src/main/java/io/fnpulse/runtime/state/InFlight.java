package io.fnpulse.runtime.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.LuaScript;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code <output key>:inflight}: the digest of the input being called, written before the call and cleared by the
 * commit that ends it. A marker that a starting runtime finds means the process before it died inside that call —
 * a {@code System.exit}, a crash, an out-of-memory exit, a kill — and how many times that happened with the same input
 * already, so that a poison input costs a restart or two, not a crash loop.
 */
public final class InFlight {

    /** A call in progress, or one whose process died: which input, and how many deaths came before it. */
    public record Marker(String digest, String streamId, int deaths, String instance, Instant since) {}

    private static final int MAX_BYTES = 4096;
    private static final LuaScript MARK = new LuaScript("""
            if ARGV[1] ~= '' then
              if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' or redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
              end
            end
            redis.call('SET', KEYS[2], ARGV[2])
            return 1""");

    private final UnifiedJedis redis;
    private final Optional<String> key;
    private final Lease lease;
    private final ObjectMapper json;
    private final BoundedReader reader;

    public InFlight(UnifiedJedis redis, Optional<String> key, Lease lease, ObjectMapper json) {
        this.redis = redis;
        this.key = key;
        this.lease = lease;
        this.json = json;
        this.reader = new BoundedReader(redis);
    }

    /** Records the call about to start; fenced by the lease like a commit. */
    public void mark(String digest, String streamId, int deaths, Instant now) {
        if (key.isEmpty()) {
            return;
        }
        MARK.run(
                redis,
                List.of(lease.key().orElse(key.get()), key.get()),
                List.of(lease.key().isPresent() ? lease.owner() : "", marker(digest, streamId, deaths, now)));
    }

    /** The marker's value, also written by a commit for the call that follows it at once. */
    public String marker(String digest, String streamId, int deaths, Instant now) {
        ObjectNode marker = json.createObjectNode()
                .put("digest", digest)
                .put("streamId", streamId)
                .put("deaths", deaths)
                .put("instance", lease.owner())
                .put("since", now.toString());
        return marker.toString();
    }

    /**
     * The marker left in Redis, if any. One that cannot be read (not JSON, another type, too long) counts as none: it
     * only ever says where a process died, and the next call overwrites it.
     */
    public Optional<Marker> read() {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> raw = reader.read(key.get(), MAX_BYTES).value();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(raw.get());
            if (!node.path("digest").isTextual() || !node.path("deaths").canConvertToInt()) {
                return Optional.empty();
            }
            Instant since =
                    node.path("since").isTextual() ? parse(node.path("since").asText()) : null;
            return Optional.of(new Marker(
                    node.path("digest").asText(),
                    node.path("streamId").asText(""),
                    Math.max(0, node.path("deaths").asInt()),
                    node.path("instance").asText(""),
                    since));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public Optional<String> key() {
        return key;
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
