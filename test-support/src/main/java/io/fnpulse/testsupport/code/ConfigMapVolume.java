package io.fnpulse.testsupport.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A ConfigMap volume laid out as the kubelet does it: {@code key -> ..data/key}, {@code ..data -> ..<timestamp>/};
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

    /** Publishes a new generation holding {@code key}, with the given mtime. */
    public void publish(String key, String content, FileTime modified) {
        try {
            Files.createDirectories(mount);
            generation++;
            Path folder = mount.resolve("..2026_11_28_02_0" + generation + "_00.123456789");
            Files.createDirectories(folder);
            Files.setLastModifiedTime(TestCode.write(folder.resolve(key), content), modified);
            Path link = mount.resolve("..data_tmp");
            Files.createSymbolicLink(link, folder.getFileName());
            Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            if (!Files.exists(file(key), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(file(key), Path.of("..data").resolve(key));
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
