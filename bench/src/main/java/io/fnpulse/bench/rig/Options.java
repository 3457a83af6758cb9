package io.fnpulse.bench.rig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A harness's command line: {@code --name value} pairs; a name given twice keeps every value. */
public final class Options {

    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Options() {}

    public static Options parse(String[] args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + String.join(" ", args));
            }
            options.values
                    .computeIfAbsent(args[i].substring(2), name -> new ArrayList<>())
                    .add(args[++i]);
        }
        return options;
    }

    public int integer(String name, int defaultValue) {
        List<String> given = values.get(name);
        return given == null ? defaultValue : Integer.parseInt(given.get(given.size() - 1));
    }

    public String string(String name, String defaultValue) {
        List<String> given = values.get(name);
        return given == null ? defaultValue : given.get(given.size() - 1);
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }
}
