package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.state.LazyText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the env a call left into what is saved and what the next call starts from: its JSON (bounded in size) and
 * that JSON read back into plain maps, lists, strings, numbers, booleans and nulls. So what a call sees is exactly
 * what a restart restores, records and arrays included, and a value JSON cannot hold fails the call that put it
 * there, naming where it is, instead of the save.
 */
final class EnvCodec {

    /** The deepest an env may nest; deeper is refused, as a map or list that contains itself would be. */
    static final int MAX_DEPTH = 500;

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    /** The env as saved (serialised when it is saved), and as the next call will see it. */
    record Normalised(LazyText json, Map<String, Object> env) {}

    private final JsonEncoder encoder;
    private final ObjectMapper plain;

    EnvCodec(JsonEncoder encoder, ObjectMapper plain) {
        this.encoder = encoder;
        this.plain = plain;
    }

    Normalised normalise(Map<String, Object> env, ObjectMapper versionJson) throws InvalidEnvException {
        Map<String, Object> readBack = JsonRoundTrip.of(env, JsonEncoder.MAX_ENV_BYTES);
        if (readBack != null) {
            // plain values that fit: the JSON is only needed if this env is saved, which of a run's is only the last
            return new Normalised(LazyText.later(() -> plainJson(readBack)), readBack);
        }
        checkJsonCanHold(env, new StringBuilder(), 0);
        String json = encoder.env(versionJson, env);
        try {
            return new Normalised(LazyText.of(json), plain.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new InvalidEnvException(
                    "context.env cannot be read back from its JSON: " + e.getOriginalMessage(), e);
        }
    }

    private String plainJson(Map<String, Object> readBack) {
        try {
            return encoder.env(plain, readBack);
        } catch (InvalidEnvException e) {
            throw new IllegalStateException("an env of plain values within the size limit always serialises", e);
        }
    }

    /** NaN and the infinities have no JSON form; Jackson would quietly write them as strings. */
    private static void checkJsonCanHold(Object value, StringBuilder path, int depth) throws InvalidEnvException {
        if (depth > MAX_DEPTH) {
            throw new InvalidEnvException("context.env at " + path + " is nested deeper than " + MAX_DEPTH
                    + " levels; does a map or list contain itself?");
        }
        if (value instanceof Double number && !Double.isFinite(number)
                || value instanceof Float single && !Float.isFinite(single)) {
            throw new InvalidEnvException("context.env at " + (path.length() == 0 ? "(top)" : path) + " holds " + value
                    + ", which JSON cannot hold; store null or a string instead");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                int mark = path.length();
                path.append(mark == 0 ? "" : ".").append(entry.getKey());
                checkJsonCanHold(entry.getValue(), path, depth + 1);
                path.setLength(mark);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                int mark = path.length();
                path.append('[').append(i).append(']');
                checkJsonCanHold(list.get(i), path, depth + 1);
                path.setLength(mark);
            }
        } else if (value instanceof Object[] array) {
            checkJsonCanHold(java.util.Arrays.asList(array), path, depth);
        } else if (value instanceof double[] numbers) {
            for (int i = 0; i < numbers.length; i++) {
                if (!Double.isFinite(numbers[i])) {
                    throw new InvalidEnvException("context.env at " + path + "[" + i + "] holds " + numbers[i]
                            + ", which JSON cannot hold; store null or a string instead");
                }
            }
        }
    }
}
