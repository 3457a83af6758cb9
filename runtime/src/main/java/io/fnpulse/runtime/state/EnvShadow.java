package io.fnpulse.runtime.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Python function's env as plain JSON can show it, read from its saved form (the typed JSON that
 * {@code io/fnpulse/runtime/python/fnpulse_worker.py} writes and reads) without starting Python: for a Java version
 * that takes over from a Python one, for the author's tools, and for people reading the state key. Tuples, sets and
 * deques show as arrays, dates and times as ISO-8601 text, a timedelta as seconds, bytes as base64, a Decimal or a
 * huge int as a number, NaN and the infinities as null, and keys that are not strings as their JSON text. The other
 * way, {@link #typed} writes a plain JSON env in the saved form, for a Python version taking over from a Java one.
 *
 * <p>Reading it also checks the saved form's tags, so a state value that is not one is moved aside as corrupt before
 * it reaches a worker; the worker's own reader stays the authority on what it builds.
 */
public final class EnvShadow {

    /** A saved env that is not the typed form; the message starts with the path to the problem. */
    public static final class NotTypedEnv extends Exception {
        NotTypedEnv(String message) {
            super(message);
        }
    }

    private static final Set<String> SEQUENCES = Set.of("$tuple", "$set", "$frozenset", "$deque");
    private static final Set<String> MAPPINGS = Set.of("$dict", "$ordereddict", "$counter", "$defaultdict");
    private static final Set<String> TEXTS = Set.of("$date", "$time", "$bytes", "$bytearray");
    private static final Set<String> ZONED = Set.of("offset", "tzname", "zone", "fold");
    private static final int MAX_DEPTH = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnvShadow() {}

    /** The plain-JSON view of a saved env (as the state key gives it back: maps, lists, strings, numbers, ...). */
    public static Map<String, Object> of(Map<String, Object> typed) throws NotTypedEnv {
        Object shown = shadow(typed, "env", 0);
        if (!(shown instanceof Map<?, ?>)) {
            throw new NotTypedEnv("env: not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) shown;
        return map;
    }

    /**
     * A plain JSON env (a Java function's) in the typed form, holding the same values: only an object with a key
     * that starts with {@code $}, which the typed form would read as a tag, is written as a {@code $dict} of pairs.
     */
    public static Map<String, Object> typed(Map<String, Object> plain) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) typedValue(plain);
        return typed;
    }

    private static Object typedValue(Object value) {
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(typedValue(item)));
            return items;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (map.keySet().stream().anyMatch(key -> String.valueOf(key).startsWith("$"))) {
            List<Object> pairs = new ArrayList<>(map.size());
            map.forEach((key, item) -> pairs.add(java.util.Arrays.asList(String.valueOf(key), typedValue(item))));
            Map<String, Object> tagged = new LinkedHashMap<>();
            tagged.put("$dict", pairs);
            return tagged;
        }
        Map<String, Object> items = new LinkedHashMap<>();
        map.forEach((key, item) -> items.put(String.valueOf(key), typedValue(item)));
        return items;
    }

    private static Object shadow(Object value, String path, int depth) throws NotTypedEnv {
        if (depth > MAX_DEPTH) {
            throw new NotTypedEnv(path + ": nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value instanceof List<?> list) {
            return items(list, path, depth);
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value; // null, booleans, numbers, strings: JSON already
        }
        String tag = null;
        for (Object key : map.keySet()) {
            if (String.valueOf(key).startsWith("$")) {
                if (tag != null) {
                    throw new NotTypedEnv(path + ": several tags " + tag + ", " + key + " in one object");
                }
                tag = (String) key;
            }
        }
        if (tag == null) {
            Map<String, Object> shown = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                shown.put(key, shadow(entry.getValue(), path + "['" + key + "']", depth + 1));
            }
            return shown;
        }
        return tagged(tag, map, path, depth);
    }

    private static Object tagged(String tag, Map<?, ?> value, String path, int depth) throws NotTypedEnv {
        Object payload = value.get(tag);
        for (Object key : value.keySet()) {
            boolean allowed = key.equals(tag)
                    || tag.equals("$deque") && key.equals("maxlen")
                    || tag.equals("$defaultdict") && key.equals("factory")
                    || (tag.equals("$datetime") || tag.equals("$time")) && ZONED.contains(key);
            if (!allowed) {
                throw new NotTypedEnv(path + ": unexpected field '" + key + "' beside '" + tag + "'");
            }
        }
        if (SEQUENCES.contains(tag)) {
            return items(list(payload, tag, path), path, depth);
        }
        if (MAPPINGS.contains(tag)) {
            return pairs(list(payload, tag, path), tag, path, depth);
        }
        if (TEXTS.contains(tag)) {
            return text(payload, tag, path);
        }
        return switch (tag) {
            case "$datetime" -> text(payload, tag, path) + offset(value, path);
            case "$timedelta" -> seconds(list(payload, tag, path), path);
            case "$decimal" -> decimal(text(payload, tag, path));
            case "$float" -> null;
            case "$int" -> integer(text(payload, tag, path), path);
            default -> throw new NotTypedEnv(path + ": unknown tag '" + tag + "'");
        };
    }

    private static List<Object> items(List<?> list, String path, int depth) throws NotTypedEnv {
        List<Object> shown = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            shown.add(shadow(list.get(i), path + "[" + i + "]", depth + 1));
        }
        return shown;
    }

    private static Map<String, Object> pairs(List<?> pairs, String tag, String path, int depth) throws NotTypedEnv {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (!(pairs.get(i) instanceof List<?> pair) || pair.size() != 2) {
                throw new NotTypedEnv(path + ": " + tag + " entry " + i + " is not a [key, value] pair");
            }
            String key = keyText(shadow(pair.get(0), path + " (key " + i + ")", depth + 1));
            shown.put(key, shadow(pair.get(1), path + "[" + key + "]", depth + 1));
        }
        return shown;
    }

    /** A key as JSON text shows it: a string as it is, anything else as its JSON. */
    private static String keyText(Object key) {
        if (key instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            return String.valueOf(key);
        }
    }

    private static List<?> list(Object payload, String tag, String path) throws NotTypedEnv {
        if (payload instanceof List<?> list) {
            return list;
        }
        throw new NotTypedEnv(path + ": " + tag + " holds " + kind(payload) + ", not a list");
    }

    private static String text(Object payload, String tag, String path) throws NotTypedEnv {
        if (payload instanceof String text) {
            return text;
        }
        throw new NotTypedEnv(path + ": " + tag + " holds " + kind(payload) + ", not a string");
    }

    /** The UTC offset as ISO-8601 writes it ({@code +01:00}), or the zone's name in brackets. */
    private static String offset(Map<?, ?> value, String path) throws NotTypedEnv {
        if (value.get("zone") instanceof String zone) {
            return "[" + zone + "]";
        }
        if (!(value.get("offset") instanceof List<?> offset)) {
            return "";
        }
        long seconds = (long) seconds(offset, path).doubleValue();
        long minutes = Math.abs(seconds) / 60;
        return String.format("%s%02d:%02d", seconds < 0 ? "-" : "+", minutes / 60, minutes % 60);
    }

    private static Number seconds(List<?> parts, String path) throws NotTypedEnv {
        if (parts.size() != 3 || !parts.stream().allMatch(part -> part instanceof Integer || part instanceof Long)) {
            throw new NotTypedEnv(path + ": " + parts + " is not [days, seconds, microseconds]");
        }
        BigDecimal days = BigDecimal.valueOf(((Number) parts.get(0)).longValue());
        BigDecimal total = days.multiply(BigDecimal.valueOf(86_400))
                .add(BigDecimal.valueOf(((Number) parts.get(1)).longValue()))
                .add(BigDecimal.valueOf(((Number) parts.get(2)).longValue(), 6));
        return total.stripTrailingZeros().scale() <= 0 ? total.toBigInteger() : total.doubleValue();
    }

    private static Object decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return text; // NaN, Infinity: JSON has no number for them
        }
    }

    private static BigInteger integer(String hex, String path) throws NotTypedEnv {
        try {
            return new BigInteger(hex, 16);
        } catch (NumberFormatException e) {
            throw new NotTypedEnv(path + ": $int '" + hex + "' is not hexadecimal");
        }
    }

    private static String kind(Object value) {
        return value == null ? "null" : "a " + value.getClass().getSimpleName();
    }
}
