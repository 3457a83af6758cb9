package io.fnpulse.bench.rig;

import java.util.List;

/** JVM flags given on a harness's command line as one string, e.g. {@code --jvm "-XX:+UseSerialGC -Xss256k"}. */
public final class JvmFlags {

    private JvmFlags() {}

    public static List<String> split(String flags) {
        return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }
}
