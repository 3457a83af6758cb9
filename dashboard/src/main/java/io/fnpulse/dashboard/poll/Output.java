package io.fnpulse.dashboard.poll;

import java.util.List;
import java.util.Map;

/** What one read of the output key yielded: numbers to chart, or the reason there are none. */
public sealed interface Output {

    /**
     * The numeric fields of the function's JSON object, in the object's order. Fields that are not finite numbers
     * (strings, booleans, null, nested values) are left out and named in {@code ignored}.
     */
    record Numbers(Map<String, Double> values, List<String> ignored) implements Output {
        public Numbers {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
            ignored = List.copyOf(ignored);
        }
    }

    record Unusable(Problem problem) implements Output {}
}
