package io.fnpulse.stack.author.create;

import io.fnpulse.service.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
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
     * Why fnpulse's artifacts must be installed before a project can build against them: some are missing, or older
     * than the sources they are built from; empty when they are there and up to date.
     */
    Optional<String> whyInstall(FnpulseCheckout checkout) throws IOException {
        List<Path> installed = new ArrayList<>();
        installed.add(artifact("fnpulse-parent", checkout.version(), "pom"));
        for (String module : FnpulseCheckout.MODULES) {
            installed.add(artifact("fnpulse-" + module, checkout.version(), "jar"));
            installed.add(artifact("fnpulse-" + module, checkout.version(), "pom"));
        }
        List<String> missing = installed.stream()
                .filter(file -> !Files.isRegularFile(file))
                .map(file -> file.getFileName().toString())
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of("missing from " + root + ": " + String.join(", ", missing));
        }
        FileTime oldest = installed.stream()
                .map(LocalRepository::modified)
                .min(FileTime::compareTo)
                .orElseThrow();
        Optional<Path> newer = newerSource(checkout, oldest);
        return newer.map(
                source -> "older in " + root + " than " + checkout.root().relativize(source));
    }

    private static Optional<Path> newerSource(FnpulseCheckout checkout, FileTime than) throws IOException {
        List<Path> sources = new ArrayList<>(List.of(checkout.root().resolve("pom.xml")));
        for (String module : FnpulseCheckout.MODULES) {
            sources.add(checkout.root().resolve(module).resolve("pom.xml"));
            sources.add(checkout.root().resolve(module).resolve("src/main"));
        }
        for (Path source : sources) {
            if (!Files.exists(source)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(source)) {
                Optional<Path> newer = files.filter(Files::isRegularFile)
                        .filter(file -> modified(file).compareTo(than) > 0)
                        .findFirst();
                if (newer.isPresent()) {
                    return newer;
                }
            }
        }
        return Optional.empty();
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
