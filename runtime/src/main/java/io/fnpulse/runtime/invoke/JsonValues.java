package io.fnpulse.runtime.invoke;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep copies of JSON-shaped values (maps, lists, arrays and immutable leaves, nulls included), to give each call
 * its own env.
 */
final class JsonValues {

    private JsonValues() {}

    static Map<String, Object> copyOf(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(16, map.size() * 2));
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            copy.put(entry.getKey(), copyValue(entry.getValue()));
        }
        return copy;
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>(Math.max(16, map.size() * 2));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), copyValue(entry.getValue()));
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(copyValue(item));
            }
            return copy;
        }
        if (value instanceof Object[] array) {
            return copyValue(Arrays.asList(array));
        }
        // strings, numbers, booleans, null: immutable. The live env holds nothing else: it was read back from JSON.
        return value;
    }
}
