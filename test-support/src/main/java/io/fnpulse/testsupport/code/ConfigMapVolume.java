package io.fnpulse.testsupport.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A ConfigMap volume laid out as the kubelet does it, for any number of keys, text or binary: {@code key -> ..data/key},
 * {@code ..data -> ..<timestamp>/};
 * an update writes a new timestamped folder, swaps {@code ..data} with an atomic rename and deletes the old folder.
 */
public final class ConfigMapVolume {

    private final Path mount;
    private int generation;
    private Path current;

    public ConfigMapVolume(Path mount) {
        this.mount = mount;
    }

    /** The path a pod sees, e.g. FUNCTION_PATH=/opt/fn/function.java. */
    public Path file(String key) {
        return mount.resolve(key);
    }

    /** Publishes a new generation holding one text {@code key}, with the given mtime. */
    public void publish(String key, String content, FileTime modified) {
        publish(Map.of(key, content.getBytes(StandardCharsets.UTF_8)), Optional.of(modified));
    }

    /** Publishes a new generation holding exactly these files (key or item path to content, text or binary). */
    public void publish(Map<String, byte[]> files) {
        publish(files, Optional.empty());
    }

    private void publish(Map<String, byte[]> files, Optional<FileTime> modified) {
        try {
            Files.createDirectories(mount);
            generation++;
            Path folder = mount.resolve("..2026_11_28_02_0" + generation + "_00.123456789");
            Files.createDirectories(folder);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path written = TestCode.write(folder.resolve(file.getKey()), file.getValue());
                if (modified.isPresent()) {
                    Files.setLastModifiedTime(written, modified.get());
                }
            }
            Path link = mount.resolve("..data_tmp");
            Files.createSymbolicLink(link, folder.getFileName());
            Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String key : files.keySet()) {
                // an item path such as "zip/function.zip" shows as its first segment, linked into ..data
                Path top = mount.resolve(Path.of(key).getName(0).toString());
                if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(top, Path.of("..data").resolve(top.getFileName()));
                }
            }
            if (current != null) {
                deleteTree(current);
            }
            current = folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
