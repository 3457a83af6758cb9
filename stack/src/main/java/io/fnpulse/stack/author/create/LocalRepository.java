package io.fnpulse.stack.author.create;

import io.fnpulse.service.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local Maven repository a project's build reads fnpulse's artifacts from: {@code -Dmaven.repo.local} in
 * MAVEN_OPTS or MAVEN_ARGS where it is set there, as Maven takes it, else {@code ~/.m2/repository}.
 */
record LocalRepository(Path root) {

    private static final Pattern REPO_LOCAL = Pattern.compile("-Dmaven\\.repo\\.local=(\"[^\"]+\"|\\S+)");

    static LocalRepository of(Env env) {
        for (String variable : List.of("MAVEN_ARGS", "MAVEN_OPTS")) {
            Optional<String> value = env.optional(variable);
            if (value.isPresent()) {
                Matcher matcher = REPO_LOCAL.matcher(value.get());
                if (matcher.find()) {
                    return new LocalRepository(Path.of(matcher.group(1).replace("\"", "")));
                }
            }
        }
        return new LocalRepository(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    /** Where one of fnpulse's artifacts is installed, e.g. {@code io/fnpulse/fnpulse-api/0.1.0/fnpulse-api-0.1.0.jar}. */
    Path artifact(String artifactId, String version, String extension) {
        return root.resolve("io/fnpulse")
                .resolve(artifactId)
                .resolve(version)
                .resolve(artifactId + "-" + version + "." + extension);
    }

    /**
     * Why fnpulse's artifacts must be installed before a project can build against them: some are missing, or one
     * is older than what it is built from (its module's pom and main sources; the root pom for the parent); empty
     * when they are there and up to date. Maven keeps a file's time when it installs it, to the millisecond.
     */
    Optional<String> whyInstall(FnpulseCheckout checkout) throws IOException {
        Map<Path, List<Path>> builtFrom = new LinkedHashMap<>();
        builtFrom.put(
                artifact("fnpulse-parent", checkout.version(), "pom"),
                List.of(checkout.root().resolve("pom.xml")));
        for (String module : FnpulseCheckout.MODULES) {
            Path folder = checkout.root().resolve(module);
            builtFrom.put(artifact("fnpulse-" + module, checkout.version(), "pom"), List.of(folder.resolve("pom.xml")));
            builtFrom.put(
                    artifact("fnpulse-" + module, checkout.version(), "jar"), List.of(folder.resolve("src/main")));
        }
        List<String> missing = builtFrom.keySet().stream()
                .filter(file -> !Files.isRegularFile(file))
                .map(file -> file.getFileName().toString())
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of("missing from " + root + ": " + String.join(", ", missing));
        }
        for (Map.Entry<Path, List<Path>> artifact : builtFrom.entrySet()) {
            long installed = modified(artifact.getKey()).toMillis();
            for (Path source : artifact.getValue()) {
                Optional<Path> newer = newerThan(source, installed);
                if (newer.isPresent()) {
                    return Optional.of(
                            "older in " + root + " than " + checkout.root().relativize(newer.get()) + " ("
                                    + artifact.getKey().getFileName() + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> newerThan(Path source, long millis) throws IOException {
        if (!Files.exists(source)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(source)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> modified(file).toMillis() > millis)
                    .findFirst();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
