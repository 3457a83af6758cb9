package io.fnpulse.runtime.invoke;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An env as writing it to JSON and reading that back would give it, made without the JSON, where the answer is known
 * without it: an env of maps with string keys, lists, strings, booleans, nulls, finite doubles and whole numbers reads
 * back as maps (in their order) and lists of the same values, whole numbers as the smallest of Integer and Long that
 * holds them, as Jackson reads them. Anything else (records, arrays, floats, big numbers, text with surrogates, which
 * the writer may refuse) is left to the real round trip, which also names what cannot be written.
 */
final class JsonRoundTrip {

    /** The most a double writes as ({@code -2.2250738585072014E-308}), a long as, and {@code false}/{@code null}. */
    private static final int DOUBLE_BYTES = 24;

    private static final int LONG_BYTES = 20;
    private static final int WORD_BYTES = 5;

    private long bytes;
    private final long maxBytes;

    private JsonRoundTrip(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The env read back, or null when the real round trip must decide: it holds a value outside the kinds above, is
     * nested deeper than the writer goes, or might write to more than {@code maxBytes} (counted generously: every
     * character as an escape).
     */
    static Map<String, Object> of(Map<String, Object> env, long maxBytes) {
        Object copy = new JsonRoundTrip(maxBytes).copy(env, 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) copy;
        return map;
    }

    /** The value read back, or null where the round trip must decide (a null value is {@link #NULL} on the way). */
    private Object copy(Object value, int depth) {
        if (depth > EnvCodec.MAX_DEPTH) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(Math.max(16, map.size() * 2));
            bytes += 2;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key) || !text(key)) {
                    return null;
                }
                Object item = copy(entry.getValue(), depth + 1);
                if (item == null) {
                    return null;
                }
                copy.put(key, item == NULL ? null : item);
                bytes += 2;
            }
            return bytes <= maxBytes ? copy : null;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            bytes += 2;
            for (Object element : list) {
                Object item = copy(element, depth + 1);
                if (item == null) {
                    return null;
                }
                copy.add(item == NULL ? null : item);
                bytes += 1;
            }
            return bytes <= maxBytes ? copy : null;
        }
        return leaf(value);
    }

    private Object leaf(Object value) {
        if (value == null) {
            bytes += WORD_BYTES;
            return NULL;
        }
        if (value instanceof String text) {
            return text(text) ? text : null;
        }
        if (value instanceof Double number) {
            bytes += DOUBLE_BYTES;
            return Double.isFinite(number) ? number : null;
        }
        if (value instanceof Integer || value instanceof Boolean) {
            bytes += WORD_BYTES + 6;
            return value;
        }
        if (value instanceof Long number) {
            bytes += LONG_BYTES;
            long whole = number;
            return whole == (int) whole ? (Object) (int) whole : number;
        }
        if (value instanceof Short || value instanceof Byte) {
            bytes += WORD_BYTES + 1;
            return ((Number) value).intValue();
        }
        return null;
    }

    /** Counts the text as if every character were escaped; false for one with surrogates. */
    private boolean text(String text) {
        bytes += 2 + 6L * text.length();
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** A null value on the way up, told apart from the null that means "the round trip must decide". */
    private static final Object NULL = new Object();
}
