package io.fnpulse.runtime.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Reads and encodes the state key ({@code STATE_KEY}, default {@code <output key>:env}). Writing happens in the
 * same atomic step as the output (see {@link Commit}), so the saved env always matches the output it produced.
 */
public final class StateStore {

    private static final Logger log = LoggerFactory.getLogger(StateStore.class);

    private final RedisClient redis;
    private final Optional<String> key;
    private final ObjectMapper json;

    public StateStore(RedisClient redis, Optional<String> key, ObjectMapper json) {
        this.redis = redis;
        this.key = key;
        this.json = json;
    }

    public Optional<String> key() {
        return key;
    }

    /**
     * The saved state, if any. A value that cannot be read is moved aside to {@code <key>:corrupt} — never
     * silently overwritten — and the runtime starts from an empty env.
     */
    public Optional<SavedState> load() {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String raw = redis.get(key.get());
        if (raw == null) {
            return Optional.empty();
        }
        try {
            JsonNode root = json.readTree(raw);
            JsonNode env = root.get("env");
            if (env == null || !env.isObject()) {
                throw new IOException("it has no \"env\" object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> restored = json.convertValue(env, LinkedHashMap.class);
            return Optional.of(new SavedState(
                    restored,
                    root.path("inputDigest").asText(""),
                    parseInstant(root.path("savedAt").asText(null)),
                    root.path("codeVersion").asText("")));
        } catch (IOException | IllegalArgumentException e) {
            String aside = key.get() + ":corrupt";
            redis.rename(key.get(), aside);
            log.error("state key {} could not be read ({}); moved it to {} and starting from an empty env",
                    key.get(), e.getMessage(), aside);
            return Optional.empty();
        }
    }

    /** The state key's value for an env already serialised by the call that produced it. */
    public String encode(String envJson, String inputDigest, String codeVersion, Instant savedAt) {
        StringWriter out = new StringWriter(envJson.length() + 160);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("inputDigest", inputDigest);
            generator.writeStringField("savedAt", savedAt.toString());
            generator.writeStringField("codeVersion", codeVersion);
            generator.writeFieldName("env");
            generator.writeRawValue(envJson);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Instant parseInstant(String text) {
        return text == null || text.isEmpty() ? null : Instant.parse(text);
    }
}
