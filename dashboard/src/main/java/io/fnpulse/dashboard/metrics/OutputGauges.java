package io.fnpulse.dashboard.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Micrometer gauge per key of the function's output, registered the first time the key appears. A key
 * {@code name-N} becomes the meter {@code fnpulse.output.name} with the tag {@code index=N} (the seed's
 * {@code cpu_index}, named generically because the dashboard does not know what N counts), so Prometheus shows
 * {@code fnpulse_output_moving_average_cpu_percent{index="0"}}. A key missing from the newest sample reads NaN.
 */
public final class OutputGauges {

    public static final String PREFIX = "fnpulse.output.";
    public static final String INDEX_TAG = "index";

    private static final Logger log = LoggerFactory.getLogger(OutputGauges.class);
    /** Bounds the meters a function that invents new keys on every call can create. */
    static final int MAX_KEYS = 1_000;

    private static final Pattern INDEXED = Pattern.compile("^(.+)-(\\d+)$");

    private final MeterRegistry registry;
    private final Map<String, Double> current = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public OutputGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Map<String, Double> values) {
        current.keySet().retainAll(values.keySet());
        current.putAll(values);
        values.keySet().forEach(this::register);
    }

    private void register(String key) {
        if (registered.contains(key)) {
            return;
        }
        if (registered.size() >= MAX_KEYS) {
            if (registered.add("")) {
                log.warn(
                        "more than {} distinct output keys; keys first seen from now on are not exported to /metrics",
                        MAX_KEYS);
            }
            return;
        }
        registered.add(key);
        Matcher indexed = INDEXED.matcher(key);
        Gauge.Builder<?> gauge = indexed.matches()
                ? Gauge.builder(PREFIX + indexed.group(1), () -> value(key)).tag(INDEX_TAG, indexed.group(2))
                : Gauge.builder(PREFIX + key, () -> value(key));
        try {
            gauge.description("the function's output key " + key).register(registry);
        } catch (RuntimeException e) {
            log.warn("output key {} is not exported to /metrics: {}", key, e.getMessage());
        }
    }

    private double value(String key) {
        return current.getOrDefault(key, Double.NaN);
    }
}
