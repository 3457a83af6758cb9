package {{package}};

import io.fnpulse.api.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function for fnpulse: the runtime calls it with every new host-metrics snapshot and writes the JSON object it
 * returns to its output key. This one says how busy the CPUs are on average, how much memory is in use, and for how
 * many snapshots in a row the CPUs have been busy: a count kept in context.env(), the state that outlives calls,
 * reloads and restarts.
 *
 * <p>It compiles as this one source file against the JDK and the fnpulse api only, so it can be deployed as
 * source in a ConfigMap (k8s/kustomization.yaml).
 */
public class {{class}} {

    /** Above this mean utilisation, in percent, a snapshot counts as busy. */
    static final double BUSY_PERCENT = 80.0;

    public Map<String, Object> handle(Map<String, Object> input, Context context) {
        double sum = 0;
        int cpus = 0;
        for (String key : input.keySet()) {
            if (key.startsWith("cpu_percent-")) {
                sum += number(input, key);
                cpus++;
            }
        }
        if (cpus == 0) {
            throw new IllegalArgumentException("the snapshot has no cpu_percent-X key");
        }
        double cpuMean = sum / cpus;
        double total = number(input, "virtual_memory-total");
        Double memoryUsed = total == 0 ? null : 100.0 * number(input, "virtual_memory-used") / total;

        int before = ((Number) context.env().getOrDefault("busy_in_a_row", 0)).intValue();
        int busyInARow = cpuMean > BUSY_PERCENT ? before + 1 : 0;
        context.env().put("busy_in_a_row", busyInARow);

        Map<String, Object> output = new LinkedHashMap<>();
        output.put("cpu_percent_mean", cpuMean);
        output.put("memory_used_percent", memoryUsed);
        output.put("busy_snapshots_in_a_row", busyInARow);
        return output;
    }

    private static double number(Map<String, Object> input, String key) {
        Object value = input.get(key);
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException(
                    "the snapshot's " + key + " is " + (value == null ? "missing" : "not a number: " + value));
        }
        return ((Number) value).doubleValue();
    }
}
