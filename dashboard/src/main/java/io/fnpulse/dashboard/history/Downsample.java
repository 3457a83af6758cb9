package io.fnpulse.dashboard.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thins a run of samples to what a chart {@code width} pixels wide can show: the range is cut into {@code width}
 * buckets, and a bucket with more than two samples becomes two, one holding each series' minimum and one its maximum
 * (in the order they occurred), so peaks and dips survive: at most about two points per pixel per series.
 */
public final class Downsample {

    private Downsample() {}

    public static List<Sample> toWidth(List<Sample> samples, long from, long to, int width) {
        if (width <= 0 || samples.size() <= 2L * width) {
            return samples;
        }
        double bucketMs = Math.max(1.0, (double) (to - from + 1) / width);
        List<Sample> out = new ArrayList<>(2 * width + 2);
        int start = 0;
        while (start < samples.size()) {
            long bucket = (long) ((samples.get(start).t() - from) / bucketMs);
            int end = start + 1;
            while (end < samples.size() && (long) ((samples.get(end).t() - from) / bucketMs) == bucket) {
                end++;
            }
            reduce(samples.subList(start, end), out);
            start = end;
        }
        return out;
    }

    private static void reduce(List<Sample> bucket, List<Sample> out) {
        if (bucket.size() <= 2) {
            out.addAll(bucket);
            return;
        }
        Map<String, Double> min = new LinkedHashMap<>();
        Map<String, Double> max = new LinkedHashMap<>();
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;
        double minFirst = Double.POSITIVE_INFINITY;
        double maxFirst = Double.NEGATIVE_INFINITY;
        boolean gap = false;
        for (Sample sample : bucket) {
            gap |= sample.gap();
            for (Map.Entry<String, Double> value : sample.values().entrySet()) {
                min.merge(value.getKey(), value.getValue(), Math::min);
                max.merge(value.getKey(), value.getValue(), Math::max);
            }
        }
        // Place the minima at the time of the first series' minimum and the maxima at its maximum, so a rising
        // bucket draws up and a falling one down.
        String first = bucket.get(0).values().keySet().stream().findFirst().orElse(null);
        for (Sample sample : bucket) {
            Double v = first == null ? null : sample.values().get(first);
            if (v != null && v < minFirst) {
                minFirst = v;
                minT = sample.t();
            }
            if (v != null && v > maxFirst) {
                maxFirst = v;
                maxT = sample.t();
            }
        }
        long lowT = minT == Long.MAX_VALUE ? bucket.get(0).t() : minT;
        long highT = maxT == Long.MIN_VALUE ? bucket.get(bucket.size() - 1).t() : maxT;
        if (lowT == highT) {
            highT = lowT == bucket.get(0).t()
                    ? bucket.get(bucket.size() - 1).t()
                    : bucket.get(0).t();
        }
        Sample low = new Sample(lowT, min, false);
        Sample high = new Sample(highT, max, false);
        Sample earlier = lowT < highT ? low : high;
        Sample later = lowT < highT ? high : low;
        out.add(new Sample(earlier.t(), earlier.values(), gap));
        out.add(later);
    }
}
