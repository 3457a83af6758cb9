package io.fnpulse.stack.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A JDK on this machine of the Java version an image runs, to try the image's JVM options with: the one running
 * these tests if it is that version, else {@code JDK<version>_HOME}, else one under {@code /usr/lib/jvm} whose
 * {@code release} file names that version.
 */
final class ImageJdk {

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private ImageJdk() {}

    static Optional<Path> java(int feature) {
        if (Runtime.version().feature() == feature) {
            return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        String home = System.getenv("JDK" + feature + "_HOME");
        if (home != null && isJdk(Path.of(home), feature)) {
            return Optional.of(Path.of(home, "bin", "java"));
        }
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            List<Path> found = homes.filter(candidate -> isJdk(candidate, feature))
                    .sorted()
                    .toList();
            return found.stream().findFirst().map(jdk -> jdk.resolve("bin").resolve("java"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isJdk(Path home, int feature) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find()
                    && Integer.parseInt(version.group(1)) == feature
                    && Files.isExecutable(home.resolve("bin").resolve("java"));
        } catch (IOException e) {
            return false;
        }
    }
}
