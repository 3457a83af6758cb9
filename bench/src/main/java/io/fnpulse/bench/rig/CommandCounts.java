package io.fnpulse.bench.rig;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * How many commands of each kind Redis ran, from {@code INFO commandstats}: a count of round trips and script work
 * that, unlike a latency, no other load on the machine can disturb. Commands that scripts run are counted too.
 */
public final class CommandCounts {

    private final Map<String, Long> calls;

    private CommandCounts(Map<String, Long> calls) {
        this.calls = calls;
    }

    public static CommandCounts read(Jedis jedis) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String stats = line.substring(line.indexOf(':') + 1);
                for (String field : stats.split(",")) {
                    if (field.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(field.substring("calls=".length())));
                    }
                }
            }
        }
        return new CommandCounts(calls);
    }

    /** The commands run since {@code before}, per input, e.g. {@code eval 2.00, get 2.00}. */
    public String perInputSince(CommandCounts before, int inputs) {
        return calls.entrySet().stream()
                .filter(e -> !e.getKey().equals("info"))
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.calls.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) inputs))
                .collect(Collectors.joining(", "));
    }
}
