package io.fnpulse.testsupport.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;

/** Compares two flat JSON objects of numbers: the same keys, every number within a relative tolerance. */
public final class JsonNumbers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonNumbers() {}

    public static void assertClose(String expectedJson, String actualJson, double relativeTolerance, String where) {
        JsonNode expected = parse(expectedJson, where + " (expected)");
        JsonNode actual = parse(actualJson, where + " (actual)");
        TreeSet<String> expectedKeys = keys(expected);
        TreeSet<String> actualKeys = keys(actual);
        if (!expectedKeys.equals(actualKeys)) {
            throw new AssertionError(where + ": keys differ\n expected " + expectedKeys + "\n actual   " + actualKeys);
        }
        for (String key : expectedKeys) {
            JsonNode e = expected.get(key);
            JsonNode a = actual.get(key);
            if (e.isNull() || a.isNull()) {
                if (e.isNull() != a.isNull()) {
                    throw new AssertionError(where + ": " + key + " expected " + e + " but was " + a);
                }
                continue;
            }
            double ev = e.asDouble();
            double av = a.asDouble();
            double scale = Math.max(Math.abs(ev), Math.abs(av));
            if (!a.isNumber() || Math.abs(ev - av) > relativeTolerance * scale) {
                throw new AssertionError(where + ": " + key + " expected " + e + " but was " + a
                        + " (relative tolerance " + relativeTolerance + ")");
            }
        }
    }

    private static TreeSet<String> keys(JsonNode node) {
        TreeSet<String> keys = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            keys.add(it.next().getKey());
        }
        return keys;
    }

    private static JsonNode parse(String json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new AssertionError(what + " is not a JSON object: " + json);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AssertionError(what + " is not JSON: " + json, e);
        }
    }
}
