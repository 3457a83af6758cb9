package io.fnpulse.bench.coldstart;

import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.testsupport.process.JvmArgFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named set of JVM flags to start the runtime with: a preset, a preset followed by more flags (which win, coming
 * later), or free-form flags. {@code image} is docker/runtime.jvm-options without its AOT caches; its
 * {@code -Dfnpulse.compiler.jvmOptions} becomes {@link #compilerFlags()}.
 *
 * <p>A name ending in {@code +aot} (Java 25) also uses AOT caches that a training run with the same flags wrote with
 * {@code -XX:AOTCacheOutput}, against Redis and through 100 invocations: the runtime's and that of the JVM it compiles
 * in (which otherwise runs with the same flags as the runtime), as docker/runtime.Dockerfile trains them. A name ending in {@code +cds} also uses an AppCDS archive that
 * a training run with the same flags made with {@code -XX:ArchiveClassesAtExit}, against Redis and through 100
 * invocations; {@code +cds-offline} one from a training run with no Redis to talk to, as a plain image build can do
 * it: started, then stopped once it finds Redis unreachable; {@code +cds-static} a static archive, as docker/'s runtime
 * image makes it: the class list of a training run with Redis ({@code -XX:DumpLoadedClassList}), then
 * {@code -Xshare:dump}.
 */
record FlagSet(String name, List<String> flags, List<String> compilerFlags, Training training) {

    enum Training {
        NONE,
        WITH_REDIS,
        OFFLINE,
        STATIC,
        AOT
    }

    private static final String COMPILER_OPTIONS = "-Dfnpulse.compiler.jvmOptions=";

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
            // the Java 17 image's JAVA_TOOL_OPTIONS in k8s/base/runtime.yaml's 512 MiB limit (before Java 25)
            Map.entry(
                    "image17",
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
        Training training = spec.endsWith("+aot")
                ? Training.AOT
                : spec.endsWith("+cds")
                        ? Training.WITH_REDIS
                        : spec.endsWith("+cds-offline")
                                ? Training.OFFLINE
                                : spec.endsWith("+cds-static") ? Training.STATIC : Training.NONE;
        String base = training == Training.NONE ? spec : spec.substring(0, spec.lastIndexOf('+'));
        List<String> words = List.of(base.trim().split("\\s+"));
        List<String> flags = new ArrayList<>();
        if (words.get(0).equals("image")) {
            flags.addAll(imageOptions());
            flags.addAll(words.subList(1, words.size()));
        } else if (PRESETS.containsKey(words.get(0))) {
            flags.addAll(PRESETS.get(words.get(0)));
            flags.addAll(words.subList(1, words.size()));
        } else {
            flags.addAll(words); // free-form flags
        }
        List<String> compilerFlags = List.of();
        for (String flag : List.copyOf(flags)) {
            if (flag.startsWith(COMPILER_OPTIONS)) {
                flags.remove(flag);
                compilerFlags = JvmFlags.split(flag.substring(COMPILER_OPTIONS.length()));
            }
        }
        return new FlagSet(spec, List.copyOf(flags), compilerFlags, training);
    }

    /** docker/runtime.jvm-options with no AOT cache named, in it or in the compiler's options. */
    private static List<String> imageOptions() {
        return JvmArgFile.read(Checkout.root().resolve("docker/runtime.jvm-options")).stream()
                .filter(option -> !option.startsWith("-XX:AOTCache="))
                .map(option -> option.replaceAll("-XX:AOTCache=\\S+\\s*", "").strip())
                .toList();
    }

    /** The flags and the compiler JVM's, with the caches of an {@code +aot} training run. */
    List<String> withAotCaches(String option, java.nio.file.Path runtimeCache, java.nio.file.Path compilerCache) {
        List<String> all = new ArrayList<>(flags);
        all.add(option + runtimeCache);
        List<String> compiler = new ArrayList<>(compilerFlags.isEmpty() ? flags : compilerFlags);
        compiler.add(option + compilerCache);
        all.add(COMPILER_OPTIONS + String.join(" ", compiler));
        return all;
    }

    /** The flags as the runtime gets them, the compiler JVM's included. */
    List<String> runtimeFlags() {
        if (compilerFlags.isEmpty()) {
            return flags;
        }
        return with(List.of(COMPILER_OPTIONS + String.join(" ", compilerFlags)));
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
            case AOT -> " + AOT caches (the runtime's and its compiler's) from a training run with Redis";
        };
        return name + " [" + String.join(" ", flags)
                + (compilerFlags.isEmpty() ? "" : "; compiler JVM: " + String.join(" ", compilerFlags)) + archive + "]";
    }
}
