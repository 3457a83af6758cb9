package io.fnpulse.testsupport.code;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.api.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Builds function code the way a user would: sources compiled with javac, jars and zips written entry by entry. */
public final class TestCode {

    private TestCode() {}

    /** Where the runtime's io.fnpulse.api classes are: what a function author compiles against. */
    public static Path apiLocation() {
        try {
            return Path.of(Handler.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles sources (relative path to text) in {@code workspace} against the api and {@code classPath}.
     *
     * @return the class files, relative path (e.g. {@code com/x/Foo.class}) to bytes
     */
    public static Map<String, byte[]> compile(Path workspace, Map<String, String> sources, Path... classPath) {
        return compile(workspace, sources, true, classPath);
    }

    /** As {@link #compile(Path, Map, Path...)}, with or without the runtime's api on the class path. */
    public static Map<String, byte[]> compile(
            Path workspace, Map<String, String> sources, boolean withApi, Path... classPath) {
        try {
            Path sourceRoot = Files.createTempDirectory(Files.createDirectories(workspace), "src-");
            Path output = Files.createTempDirectory(workspace, "classes-");
            List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-proc:none"));
            List<String> path = new ArrayList<>();
            if (withApi) {
                path.add(apiLocation().toString());
            }
            Stream.of(classPath).map(Path::toString).forEach(path::add);
            arguments.addAll(List.of("-classpath", String.join(java.io.File.pathSeparator, path)));
            sources.forEach((name, text) ->
                    arguments.add(write(sourceRoot.resolve(name), text).toString()));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = javac.run(null, null, errors, arguments.toArray(String[]::new));
            assertThat(status)
                    .as("test code compiles: %s", errors.toString(StandardCharsets.UTF_8))
                    .isZero();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            try (Stream<Path> files = Files.walk(output)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    classes.put(
                            output.relativize(file).toString().replace(java.io.File.separatorChar, '/'),
                            Files.readAllBytes(file));
                }
            }
            return classes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code count} zero bytes: the body of a zip bomb or of an oversized download. */
    public static void writeZeros(java.io.OutputStream out, long count) throws IOException {
        byte[] zeros = new byte[64 * 1024];
        for (long written = 0; written < count; written += zeros.length) {
            out.write(zeros, 0, (int) Math.min(zeros.length, count - written));
        }
    }

    /** A zip or jar, built entry by entry; the same entries always give the same bytes. */
    public static final class Archive {

        private static final long ENTRY_TIME =
                java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        public Archive add(String name, byte[] bytes) {
            entries.put(name, bytes);
            return this;
        }

        public Archive add(String name, String text) {
            return add(name, text.getBytes(StandardCharsets.UTF_8));
        }

        public Archive addAll(String prefix, Map<String, byte[]> files) {
            files.forEach((name, bytes) -> add(prefix + name, bytes));
            return this;
        }

        public Archive addSources(String prefix, Map<String, String> sources) {
            sources.forEach((name, text) -> add(prefix + name, text));
            return this;
        }

        public byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    ZipEntry zipEntry = new ZipEntry(entry.getKey());
                    zipEntry.setTime(ENTRY_TIME);
                    zip.putNextEntry(zipEntry);
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        public Path writeTo(Path file) {
            return write(file, bytes());
        }
    }
}
