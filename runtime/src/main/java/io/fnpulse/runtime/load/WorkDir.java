package io.fnpulse.runtime.load;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loader's folder ({@code CODE_CACHE_DIR}), which several runtimes on one host may share:
 * <pre>
 * compile-cache/&lt;key&gt;/     compiled classes, named by a hash of everything that went into them; shared by every
 *                          process and kept across restarts; complete once they exist, and never written again
 * processes/&lt;id&gt;/          one folder per live process, locked for as long as it runs:
 *   api/                   io/fnpulse/api/*.class copied from this runtime: javac's view of the api
 *   versions/&lt;v&gt;/          one staged copy of the code per loaded version (and what was unpacked from it)
 *   tmp/                   downloads and compilations in progress
 * </pre>
 * A process only ever deletes inside its own folder, and the folders of processes that are gone: a folder whose
 * lock no live process holds.
 */
final class WorkDir {

    private static final Logger log = LoggerFactory.getLogger(WorkDir.class);
    private static final String LOCK_FILE = ".lock";
    private static final java.time.Duration GRACE = java.time.Duration.ofMinutes(1);

    private final Path root;
    private final Path own;
    private FileChannel lockChannel;

    WorkDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.own = this.root
                .resolve("processes")
                .resolve(ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8));
    }

    Path root() {
        return root;
    }

    Path api() {
        return own.resolve("api");
    }

    Path compileCache() {
        return root.resolve("compile-cache");
    }

    private Path versions() {
        return own.resolve("versions");
    }

    private Path tmp() {
        return own.resolve("tmp");
    }

    /** Creates this process's folder and takes its lock; removes the folders of processes that are gone. */
    void prepare() throws IOException {
        Files.createDirectories(compileCache());
        Files.createDirectories(own);
        lockChannel = FileChannel.open(own.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        if (lockChannel.tryLock() == null) {
            throw new IOException("cannot lock " + own);
        }
        Files.createDirectories(versions());
        Files.createDirectories(tmp());
        Files.createDirectories(api());
        removeFoldersOfEndedProcesses();
    }

    private void removeFoldersOfEndedProcesses() throws IOException {
        List<Path> others;
        try (Stream<Path> folders = Files.list(own.getParent())) {
            others = folders.filter(folder -> !folder.equals(own) && Files.isDirectory(folder))
                    .toList();
        }
        for (Path folder : others) {
            if (ended(folder)) {
                log.debug("removing {}, left by a runtime that has ended", folder);
                deleteQuietly(folder);
            }
        }
    }

    /**
     * Whether no live process holds the folder's lock. A folder younger than a minute is left alone whatever its
     * lock says: its process may be between creating the lock file and locking it.
     */
    private static boolean ended(Path folder) {
        Path lockFile = folder.resolve(LOCK_FILE);
        try {
            if (!Files.exists(lockFile)
                    || Files.getLastModifiedTime(lockFile)
                            .toInstant()
                            .isAfter(java.time.Instant.now().minus(GRACE))) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // held by another runtime in this same JVM
        } catch (IOException e) {
            return false;
        }
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
        return new FunctionLoadException(
                FunctionLoadException.Kind.IO,
                "the loader's work folder " + root + " is not writable (" + e + "); give the runtime a writable"
                        + " folder there, e.g. an emptyDir volume",
                e);
    }

    /** Deletes this process's folder and lets go of its lock. */
    void close() {
        deleteQuietly(versions());
        deleteQuietly(tmp());
        deleteQuietly(api());
        try {
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            log.debug("could not close {}: {}", own.resolve(LOCK_FILE), e.toString());
        }
        deleteQuietly(own);
    }

    /** Deletes a file or a folder and everything in it; a failure is logged, not thrown, as nothing depends on it. */
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
