package io.fnpulse.dashboard.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One new value of the output key: when the dashboard first saw it (epoch milliseconds, strictly increasing), its
 * numbers, and whether data is missing before it ({@code gap}), which the page draws as a break in the lines.
 */
public record Sample(
        long t,
        Map<String, Double> values,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean gap) {

    public Sample {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
