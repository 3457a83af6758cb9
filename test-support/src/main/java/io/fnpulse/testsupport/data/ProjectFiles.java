package io.fnpulse.testsupport.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where things are in the checkout, found from whichever module's folder the tests run in. */
public final class ProjectFiles {

    private ProjectFiles() {}

    /** The checkout's root: the nearest folder up from here holding {@code mvnw} and {@code data/}. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("data"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no fnpulse checkout above " + Path.of("").toAbsolutePath());
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }

    /** A built service jar, e.g. {@code jar("runtime", "fnpulse-runtime.jar")}. */
    public static Path jar(String module, String fileName) {
        Path jar = root().resolve(module).resolve("target").resolve(fileName);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: end-to-end tests run after ./mvnw -B package"
                    + " (they are failsafe tests, run by ./mvnw -B verify)");
        }
        return jar;
    }

    /**
     * The lines of one README section: from the heading line (e.g. {@code "## The runtime"}) to the next heading of
     * the same or a higher level. For tests that keep the README's tables true to the code.
     */
    public static List<String> readmeSection(String heading) {
        List<String> readme = lines("README.md");
        int start = readme.indexOf(heading);
        if (start < 0) {
            throw new AssertionError("README.md has no line '" + heading + "'");
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        boolean inCode = false;
        int end = start + 1;
        for (; end < readme.size(); end++) {
            String line = readme.get(end);
            if (line.startsWith("```")) {
                inCode = !inCode; // a shell comment in a code block is not a heading
            } else if (!inCode && isHeadingAtOrAbove(line, level)) {
                break;
            }
        }
        return readme.subList(start, end);
    }

    private static boolean isHeadingAtOrAbove(String line, String level) {
        for (int hashes = 1; hashes < level.length(); hashes++) {
            if (line.startsWith("#".repeat(hashes) + " ")) {
                return true;
            }
        }
        return false;
    }

    /** The recorded stream of host-metrics snapshots, one JSON object a line. */
    public static List<String> metricsStream() {
        return lines("data/metrics-stream.jsonl");
    }

    /** What the metrics function must return for each line of {@link #metricsStream()}, fed in order. */
    public static List<String> expectedOutput() {
        return lines("data/expected-output.jsonl");
    }

    private static List<String> lines(String relative) {
        try {
            return Files.readAllLines(resolve(relative)).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
