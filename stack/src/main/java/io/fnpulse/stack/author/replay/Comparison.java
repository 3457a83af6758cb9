package io.fnpulse.stack.author.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A new version's outputs against those the running version recorded for the same inputs: per output key the
 * largest absolute and relative difference and the first entry where they differ beyond the tolerance. Numbers
 * differ by {@code |a - b| / max(|a|, |b|)}; anything else (a key on one side only, null against a number, two
 * strings) differs when it is not equal.
 */
final class Comparison {

    private static final String ABSENT = "(absent)";

    /** Where a key first differed beyond the tolerance, with both values as JSON. */
    record Difference(String entryId, String recorded, String now) {}

    private static final class KeyStats {
        double maxAbsolute;
        double maxRelative;
        boolean unequalNonNumbers;
        Difference first;
    }

    private final double tolerance;
    private final String toleranceText;
    private final ObjectMapper json;
    private final Map<String, KeyStats> keys = new TreeMap<>();
    private int compared;
    private int unrecorded;
    private int missingNow;
    private Difference firstMissingNow;

    /** @param toleranceText the tolerance as the user wrote it, for the report */
    Comparison(double tolerance, String toleranceText, ObjectMapper json) {
        this.tolerance = tolerance;
        this.toleranceText = toleranceText;
        this.json = json;
    }

    /** An entry for which the running function recorded no output (it returned nothing, failed, or was trimmed). */
    void unrecorded() {
        unrecorded++;
    }

    /** @param now the new version's output, empty when it wrote nothing (it returned nothing, or failed) */
    void compare(String entryId, String recorded, Optional<String> now) {
        compared++;
        if (now.isEmpty()) {
            missingNow++;
            if (firstMissingNow == null) {
                firstMissingNow = new Difference(entryId, recorded, "null");
            }
            return;
        }
        JsonNode before = parse(recorded);
        JsonNode after = parse(now.get());
        TreeSet<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            key(entryId, name, before.get(name), after.get(name));
        }
    }

    private void key(String entryId, String name, JsonNode before, JsonNode after) {
        KeyStats stats = keys.computeIfAbsent(name, k -> new KeyStats());
        boolean beyond;
        if (before != null && after != null && before.isNumber() && after.isNumber()) {
            double a = before.asDouble();
            double b = after.asDouble();
            double absolute = Math.abs(a - b);
            double scale = Math.max(Math.abs(a), Math.abs(b));
            double relative = scale == 0 ? 0 : absolute / scale;
            stats.maxAbsolute = Math.max(stats.maxAbsolute, absolute);
            stats.maxRelative = Math.max(stats.maxRelative, relative);
            beyond = relative > tolerance;
        } else {
            beyond = before == null || !before.equals(after);
            stats.unequalNonNumbers |= beyond;
        }
        if (beyond && stats.first == null) {
            stats.first = new Difference(entryId, text(before), text(after));
        }
    }

    boolean differs() {
        return missingNow > 0 || keys.values().stream().anyMatch(stats -> stats.first != null);
    }

    int compared() {
        return compared;
    }

    /** The report's lines: the counts, a table of the keys, and what differs first. */
    List<String> report(String stream, String history) {
        List<String> lines = new ArrayList<>();
        lines.add("compared " + compared + " outputs with those in " + history + " for the same entries of "
                + stream + "; " + unrecorded + " entries have no recorded output; tolerance "
                + toleranceText + " (relative)");
        int width = Math.max(
                3, keys.keySet().stream().mapToInt(String::length).max().orElse(3));
        lines.add(String.format(
                Locale.ROOT,
                "  %-" + width + "s  %-14s  %-14s  %s",
                "key",
                "max abs diff",
                "max rel diff",
                "first beyond tolerance"));
        for (Map.Entry<String, KeyStats> entry : keys.entrySet()) {
            KeyStats stats = entry.getValue();
            lines.add(String.format(
                    Locale.ROOT,
                    "  %-" + width + "s  %-14s  %-14s  %s",
                    entry.getKey(),
                    stats.unequalNonNumbers ? "-" : number(stats.maxAbsolute),
                    stats.unequalNonNumbers ? "-" : number(stats.maxRelative),
                    stats.first == null
                            ? "-"
                            : "entry " + stats.first.entryId() + ": recorded " + stats.first.recorded() + ", now "
                                    + stats.first.now()));
        }
        if (missingNow > 0) {
            lines.add("the new version wrote nothing for " + missingNow + " entries that have a recorded output, the"
                    + " first " + firstMissingNow.entryId() + " (recorded " + firstMissingNow.recorded() + ")");
        }
        List<String> differing = keys.entrySet().stream()
                .filter(entry -> entry.getValue().first != null)
                .map(entry -> entry.getKey() + " (first at entry "
                        + entry.getValue().first.entryId() + ")")
                .toList();
        lines.add(
                differing.isEmpty() && missingNow == 0
                        ? "no output differs beyond the tolerance"
                        : differing.size() + (differing.size() == 1 ? " key differs" : " keys differ")
                                + " beyond the tolerance"
                                + (differing.isEmpty() ? "" : ": " + String.join(", ", differing)));
        return lines;
    }

    private JsonNode parse(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private static String text(JsonNode node) {
        return node == null ? ABSENT : node.toString();
    }

    /** Six significant digits, without trailing zeros: {@code 5}, {@code 0.333333}, {@code 1.23457e-07}. */
    private static String number(double value) {
        if (value == 0) {
            return "0";
        }
        String text = String.format(Locale.ROOT, "%.6g", value);
        return text.contains("e") ? text : text.replaceFirst("\\.?0+$", "");
    }
}
