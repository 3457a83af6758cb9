package io.fnpulse.dashboard.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host's value per metric, as the overview charts it: a field {@code name-N} is series N of the metric
 * {@code name} (the page's own rule for its charts), and the host's value of such a metric is the mean of its series,
 * e.g. the CPU moving average over all cores; any other field is a metric of its own.
 */
final class Metrics {

    private static final Pattern INDEXED = Pattern.compile("^(.+)-(\\d+)$");

    private Metrics() {}

    static String metricOf(String field) {
        Matcher matcher = INDEXED.matcher(field);
        return matcher.matches() ? matcher.group(1) : field;
    }

    /** Metric name to the host's value, in the order the fields came. */
    static Map<String, Double> of(HostRing.Point point) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < point.names().length; i++) {
            double[] sum = sums.computeIfAbsent(metricOf(point.names()[i]), name -> new double[2]);
            sum[0] += point.values()[i];
            sum[1]++;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((metric, sum) -> out.put(metric, sum[0] / sum[1]));
        return out;
    }
}
