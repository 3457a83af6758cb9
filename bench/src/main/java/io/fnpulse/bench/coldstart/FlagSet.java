package io.fnpulse.bench.coldstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named set of JVM flags to start the runtime with. A name ending in {@code +cds} also uses an AppCDS archive that
 * a training run with the same flags made with {@code -XX:ArchiveClassesAtExit}.
 */
record FlagSet(String name, List<String> flags, boolean appCds) {

    private static final Map<String, List<String>> PRESETS = Map.of(
            "default", List.of(),
            "serial", List.of("-XX:+UseSerialGC"),
            "c1", List.of("-XX:TieredStopAtLevel=1"),
            "xss", List.of("-Xss256k"),
            "xmx64m", List.of("-Xmx64m"),
            "cicount1", List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1"),
            "noshare", List.of("-Xshare:off"),
            "lean", List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xss256k",
                    "-Xmx64m"));

    static FlagSet parse(String spec) {
        boolean cds = spec.endsWith("+cds");
        String base = cds ? spec.substring(0, spec.length() - 4) : spec;
        List<String> flags = PRESETS.get(base);
        if (flags == null) {
            flags = List.of(base.trim().split("\\s+")); // free-form flags
        }
        return new FlagSet(spec, flags, cds);
    }

    List<String> with(List<String> more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(more);
        return all;
    }

    String describe() {
        return name + " [" + String.join(" ", flags) + (appCds ? " + AppCDS archive" : "") + "]";
    }
}
