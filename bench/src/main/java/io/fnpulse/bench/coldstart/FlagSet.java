package io.fnpulse.bench.coldstart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named set of JVM flags to start the runtime with. A name ending in {@code +cds} also uses an AppCDS archive that
 * a training run with the same flags made with {@code -XX:ArchiveClassesAtExit}, against Redis and through 100
 * invocations; {@code +cds-offline} one from a training run with no Redis to talk to, as a plain image build can do
 * it: started, then stopped once it finds Redis unreachable; {@code +cds-static} a static archive, as docker/'s runtime
 * image makes it: the class list of a training run with Redis ({@code -XX:DumpLoadedClassList}), then
 * {@code -Xshare:dump}.
 */
record FlagSet(String name, List<String> flags, Training training) {

    enum Training {
        NONE,
        WITH_REDIS,
        OFFLINE,
        STATIC
    }

    private static final Map<String, List<String>> PRESETS = Map.ofEntries(
            Map.entry("default", List.of()),
            // what the JVM picks by itself in a pod limited to 256 MiB: Serial GC, 64 MiB heap, 4 MiB at start
            Map.entry("container256", List.of("-XX:MaxRAM=256m")),
            Map.entry("serial", List.of("-XX:+UseSerialGC")),
            Map.entry("c1", List.of("-XX:TieredStopAtLevel=1")),
            Map.entry("cicount1", List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1")),
            Map.entry("xss", List.of("-Xss256k")),
            Map.entry("heap", List.of("-Xms8m", "-Xmx64m")),
            Map.entry("noshare", List.of("-Xshare:off")),
            // docker/runtime.Dockerfile's JAVA_TOOL_OPTIONS in k8s/base/runtime.yaml's 512 MiB limit
            Map.entry(
                    "image",
                    List.of(
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-XX:MaxRAMPercentage=75",
                            "-XX:MaxRAM=512m")),
            Map.entry(
                    "lean",
                    List.of(
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-XX:CICompilerCount=1",
                            "-Xss256k",
                            "-Xms8m",
                            "-Xmx64m")));

    static FlagSet parse(String spec) {
        Training training = spec.endsWith("+cds")
                ? Training.WITH_REDIS
                : spec.endsWith("+cds-offline")
                        ? Training.OFFLINE
                        : spec.endsWith("+cds-static") ? Training.STATIC : Training.NONE;
        String base = training == Training.NONE ? spec : spec.substring(0, spec.lastIndexOf('+'));
        List<String> flags = PRESETS.get(base);
        if (flags == null) {
            flags = List.of(base.trim().split("\\s+")); // free-form flags
        }
        return new FlagSet(spec, flags, training);
    }

    List<String> with(List<String> more) {
        List<String> all = new ArrayList<>(flags);
        all.addAll(more);
        return all;
    }

    String describe() {
        String archive = switch (training) {
            case NONE -> "";
            case WITH_REDIS -> " + AppCDS archive from a training run with Redis";
            case OFFLINE -> " + AppCDS archive from a training run without Redis";
            case STATIC -> " + static CDS archive from the class list of a training run with Redis";
        };
        return name + " [" + String.join(" ", flags) + archive + "]";
    }
}
