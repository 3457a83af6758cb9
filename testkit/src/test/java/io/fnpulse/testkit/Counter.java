package io.fnpulse.testkit;

import io.fnpulse.api.Context;
import java.util.Map;

/** A function compiled with the tests: counts its calls in the env and doubles the input's {@code x}. */
public class Counter {

    public Map<String, Object> handle(Map<String, Object> input, Context context) {
        int calls = ((Number) context.env().getOrDefault("calls", 0)).intValue() + 1;
        context.env().put("calls", calls);
        return Map.of("doubled", ((Number) input.get("x")).doubleValue() * 2, "calls", calls);
    }

    public Map<String, Object> triple(Map<String, Object> input) {
        return Map.of("tripled", ((Number) input.get("x")).doubleValue() * 3);
    }
}
