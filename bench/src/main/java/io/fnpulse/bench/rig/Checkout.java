package io.fnpulse.bench.rig;

import java.nio.file.Files;
import java.nio.file.Path;

/** The fnpulse checkout the harness runs in, and the jars that {@code ./mvnw -B -DskipTests package} leaves there. */
public final class Checkout {

    private Checkout() {}

    /** The nearest folder up from the working directory that holds {@code mvnw} and {@code bench/}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve("mvnw")) && Files.isDirectory(at.resolve("bench"))) {
                return at;
            }
        }
        throw new IllegalStateException("run the harnesses from the fnpulse checkout; " + dir + " is not in one");
    }

    public static Path runtimeJar() {
        return jar("runtime", "fnpulse-runtime.jar");
    }

    public static Path functionJar() {
        return jar("function", "fnpulse-function.jar");
    }

    /** {@code -Dfnpulse.dashboard.jar=<path>} runs another build of the dashboard, e.g. to compare with an older page. */
    public static Path dashboardJar() {
        String other = System.getProperty("fnpulse.dashboard.jar");
        return other != null ? existing(Path.of(other)) : jar("dashboard", "fnpulse-dashboard.jar");
    }

    public static Path functionSource() {
        return existing(root().resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java"));
    }

    private static Path jar(String module, String name) {
        return existing(root().resolve(module).resolve("target").resolve(name));
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build first with ./mvnw -B -DskipTests package");
        }
        return file;
    }
}
