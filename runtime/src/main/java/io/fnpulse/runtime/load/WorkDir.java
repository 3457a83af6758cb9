package io.fnpulse.runtime.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loader's folder:
 * <pre>
 * api/                  io/fnpulse/api/*.class copied from the runtime: javac's view of the api
 * compile-cache/&lt;key&gt;/  compiled classes, named by a hash of everything that went into them; kept across restarts
 * versions/&lt;id&gt;/        one staged copy of the code per loaded version (and what was unpacked from it)
 * tmp/                  downloads and compilations in progress
 * </pre>
 * {@code versions/} and {@code tmp/} only hold what this process is using, so they are wiped at start.
 */
final class WorkDir {

    private static final Logger log = LoggerFactory.getLogger(WorkDir.class);

    private final Path root;

    WorkDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path api() {
        return root.resolve("api");
    }

    Path compileCache() {
        return root.resolve("compile-cache");
    }

    private Path versions() {
        return root.resolve("versions");
    }

    private Path tmp() {
        return root.resolve("tmp");
    }

    /** Clears what an earlier run staged and creates the layout. */
    void prepare() throws IOException {
        deleteTree(versions());
        deleteTree(tmp());
        deleteTree(api());
        Files.createDirectories(versions());
        Files.createDirectories(tmp());
        Files.createDirectories(api());
        Files.createDirectories(compileCache());
    }

    /** A new, empty staging folder for one version of the code. */
    Path newVersionDir() throws FunctionLoadException {
        return newDir(versions(), "v-");
    }

    /** A new, empty folder on the same file system as the compile cache, so it can be moved there atomically. */
    Path newTempDir(String prefix) throws FunctionLoadException {
        return newDir(tmp(), prefix);
    }

    private Path newDir(Path parent, String prefix) throws FunctionLoadException {
        try {
            return Files.createTempDirectory(parent, prefix);
        } catch (IOException e) {
            throw unwritable(e);
        }
    }

    FunctionLoadException unwritable(IOException e) {
        return new FunctionLoadException(FunctionLoadException.Kind.IO,
                "the loader's work folder " + root + " is not writable (" + e + "); give the runtime a writable"
                        + " folder there, e.g. an emptyDir volume", e);
    }

    /** Deletes a folder and everything in it; a failure is logged, not thrown, as nothing depends on it. */
    static void deleteQuietly(Path tree) {
        try {
            deleteTree(tree);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", tree, e.toString());
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
