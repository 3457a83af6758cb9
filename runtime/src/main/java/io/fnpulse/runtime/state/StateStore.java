package io.fnpulse.runtime.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.KeyRead;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads and encodes the state key ({@code STATE_KEY}, default {@code <output key>:env}). Writing happens in the
 * same atomic step as the output (see {@link Commit}), so the saved env always matches the output it produced.
 *
 * <p>A value that cannot be used — not JSON, a field of the wrong kind, longer than any env the runtime saves, a
 * key of another Redis type — is moved aside to {@code <state key>:corrupt:<epoch ms>} (never over an earlier one)
 * with one log line naming the key and the field, and the runtime starts from an empty env. A Python function's env is
 * saved in its typed form ({@code "envForm": "python"}); one whose tags are not that form's is unusable too.
 */
public final class StateStore implements StateKey {

    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    /** The largest env the runtime saves, plus room for the fields around it. */
    private static final long MAX_STATE_BYTES = 16L * 1024 * 1024 + 64 * 1024;

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private final UnifiedJedis redis;
    private final Optional<String> key;
    private final ObjectMapper json;
    private final Clock clock;
    private final BoundedReader reader;

    public StateStore(UnifiedJedis redis, Optional<String> key, ObjectMapper json, Clock clock) {
        this.redis = redis;
        this.key = key;
        this.json = json;
        this.clock = clock;
        this.reader = new BoundedReader(redis);
    }

    public Optional<String> key() {
        return key;
    }

    /** The saved state, if there is one that can be used; see the class comment for one that cannot. */
    public Optional<SavedState> load() {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        KeyRead read = reader.read(key.get(), MAX_STATE_BYTES);
        if (read instanceof KeyRead.Absent) {
            return Optional.empty();
        }
        if (read instanceof KeyRead.Value value) {
            try {
                return Optional.of(decode(value.text()));
            } catch (UnusableState e) {
                moveAside(e.getMessage());
                return Optional.empty();
            }
        }
        moveAside(read.problem(key.get(), "the largest state the runtime saves").orElse("it cannot be read"));
        return Optional.empty();
    }

    private SavedState decode(String raw) throws UnusableState {
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new UnusableState("it is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new UnusableState("it is not a JSON object");
        }
        JsonNode env = root.get("env");
        if (env == null || !env.isObject()) {
            throw new UnusableState("field env: " + (env == null ? "missing" : "not a JSON object"));
        }
        Map<String, Object> restored;
        try {
            restored = json.readValue(json.treeAsTokens(env), MAP);
        } catch (IOException e) {
            throw new UnusableState("field env: " + e.getMessage());
        }
        EnvForm form = form(root);
        if (form == EnvForm.PYTHON) {
            try {
                EnvShadow.of(restored);
            } catch (EnvShadow.NotTypedEnv e) {
                throw new UnusableState("field env: not the typed form of a Python function's env: " + e.getMessage());
            }
        }
        return new SavedState(
                restored, form, text(root, "inputDigest"), instant(root, "savedAt"), text(root, "codeVersion"));
    }

    private static EnvForm form(JsonNode root) throws UnusableState {
        String tag = text(root, "envForm");
        if (tag.isEmpty()) {
            return EnvForm.JSON;
        }
        try {
            return EnvForm.ofTag(tag);
        } catch (IllegalArgumentException e) {
            throw new UnusableState("field envForm: " + e.getMessage());
        }
    }

    private static String text(JsonNode root, String field) throws UnusableState {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw new UnusableState("field " + field + ": " + value + " is not a string");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode root, String field) throws UnusableState {
        String text = text(root, field);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UnusableState("field " + field + ": '" + text + "' is not an ISO-8601 instant");
        }
    }

    @Override
    public void setAside(String why) {
        if (key.isPresent()) {
            moveAside(why);
        }
    }

    /** RENAMENX, so that a second corrupt value never overwrites the first one kept aside. */
    private void moveAside(String why) {
        long now = clock.millis();
        for (int attempt = 0; attempt < 100; attempt++) {
            String aside = key.get() + FunctionKeys.CORRUPT + (now + attempt);
            long renamed;
            try {
                renamed = redis.renamenx(key.get(), aside);
            } catch (JedisDataException e) {
                return; // gone meanwhile (ERR no such key): nothing is left to keep
            }
            if (renamed == 1) {
                log.error(
                        "state key {} cannot be used ({}); moved it to {} and starting from an empty env",
                        key.get(),
                        why,
                        aside);
                return;
            }
        }
        throw new IllegalStateException("could not move the unusable state key " + key.get() + " aside");
    }

    @Override
    public String encode(String envJson, EnvForm form, String inputDigest, String codeVersion, Instant savedAt) {
        StringWriter out = new StringWriter(envJson.length() + 160);
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("inputDigest", inputDigest);
            generator.writeStringField("savedAt", savedAt.toString());
            generator.writeStringField("codeVersion", codeVersion);
            if (form.tag().isPresent()) {
                generator.writeStringField("envForm", form.tag().get());
            }
            generator.writeFieldName("env");
            generator.writeRawValue(envJson);
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Why a state value cannot be used: the field and what is wrong with it. */
    private static final class UnusableState extends Exception {
        UnusableState(String message) {
            super(message);
        }
    }
}
