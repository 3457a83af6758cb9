package io.fnpulse.dashboard.poll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.poll.Problem.Kind;
import io.fnpulse.service.redis.KeyRead;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the raw value of the output key into numbers, or names what is wrong with it. Never throws. */
public final class OutputParser {

    private static final int QUOTE_LIMIT = 60;

    private final ObjectMapper mapper;
    private final String key;

    public OutputParser(ObjectMapper mapper, String key) {
        this.mapper = mapper;
        this.key = key;
    }

    /** A bounded read of the key: a value too long or a key of another type is that key's problem. */
    public Output parse(KeyRead read) {
        return Problem.ofRead(read, key)
                .<Output>map(Output.Unusable::new)
                .orElseGet(() -> parse(read.value().orElse(null)));
    }

    public Output parse(String raw) {
        if (raw == null) {
            return unusable(
                    Kind.MISSING_KEY, "key " + key + " does not exist (has the function written anything yet?)");
        }
        if (raw.isBlank()) {
            return unusable(Kind.EMPTY_VALUE, "key " + key + " holds an empty value");
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            return unusable(Kind.NOT_JSON, "key " + key + " does not hold JSON: " + quote(raw));
        }
        if (node == null || !node.isObject()) {
            String what =
                    node == null ? "nothing" : node.getNodeType().toString().toLowerCase();
            return unusable(
                    Kind.NOT_AN_OBJECT, "key " + key + " holds JSON " + what + ", not an object: " + quote(raw));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isNumber() && Double.isFinite(value.doubleValue())) {
                values.put(field.getKey(), value.doubleValue());
            } else {
                ignored.add(field.getKey());
            }
        });
        if (values.isEmpty()) {
            return unusable(Kind.NO_NUMBERS, "key " + key + " holds a JSON object without numbers: " + quote(raw));
        }
        return new Output.Numbers(values, ignored);
    }

    private static Output unusable(Kind kind, String message) {
        return new Output.Unusable(new Problem(kind, message));
    }

    private static String quote(String raw) {
        String oneLine = raw.strip().replaceAll("\\s+", " ");
        return "'" + (oneLine.length() > QUOTE_LIMIT ? oneLine.substring(0, QUOTE_LIMIT) + "…" : oneLine) + "'";
    }
}
