package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * A file on this machine, typically mounted from a ConfigMap, where an update swaps the {@code ..data} symlink to a
 * new timestamped folder.
 *
 * <p>Each poll costs one {@code toRealPath} and one {@code stat}: the file is read and hashed only when its real
 * path, size, mtime or inode changed. Polls may come every 50 ms and an archive may be 64 MiB, so hashing on every
 * poll is not an option; a ConfigMap update always changes the real path, and an edit in place changes the mtime
 * (nanosecond resolution on current file systems). The hash then decides whether the code really changed.
 */
final class LocalCodeSource implements CodeSource {

    private record Fingerprint(Path realPath, long size, FileTime modified, Object fileKey) {

        // Written out: a record's own equals and hashCode are bootstrapped with invokedynamic (ObjectMethods) at their
        // first call, which spins ~10 method-handle classes at run time that no AOT cache holds, on the first load.
        @Override
        public boolean equals(Object other) {
            return other instanceof Fingerprint that
                    && size == that.size
                    && realPath.equals(that.realPath)
                    && modified.equals(that.modified)
                    && Objects.equals(fileKey, that.fileKey);
        }

        @Override
        public int hashCode() {
            return Objects.hash(realPath, size, modified, fileKey);
        }
    }

    private static final int ATTEMPTS = 2;

    private final String variable;
    private final String origin;
    private final Path path;
    private final CodeSnapshot.Form form;
    private final WorkDir workDir;
    private Fingerprint lastSeen;

    LocalCodeSource(String variable, String origin, Path path, CodeSnapshot.Form form, WorkDir workDir) {
        this.variable = variable;
        this.origin = origin;
        this.path = path;
        this.form = form;
        this.workDir = workDir;
    }

    @Override
    public Optional<CodeSnapshot> poll() throws FunctionLoadException {
        try {
            // A ConfigMap update deletes the old timestamped folder right after swapping the link, so a file
            // resolved a moment ago can be gone by the time it is read: resolving once more finds the new one.
            for (int attempt = 1; ; attempt++) {
                Fingerprint now = fingerprint();
                if (now.equals(lastSeen)) {
                    return Optional.empty();
                }
                try {
                    CodeSnapshot snapshot = stage(now);
                    lastSeen = now;
                    return Optional.of(snapshot);
                } catch (NoSuchFileException e) {
                    if (attempt == ATTEMPTS) {
                        throw unreadable(e);
                    }
                } catch (IOException e) {
                    throw unreadable(e);
                }
            }
        } catch (FunctionLoadException e) {
            lastSeen = null;
            throw e;
        }
    }

    private Fingerprint fingerprint() throws FunctionLoadException {
        try {
            Path real = path.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new FunctionLoadException(Kind.IO, variable + " " + origin + ": not a regular file");
            }
            return new Fingerprint(real, attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private CodeSnapshot stage(Fingerprint seen) throws IOException, FunctionLoadException {
        Path dir = workDir.newVersionDir();
        try {
            Path staged = dir.resolve(String.valueOf(path.getFileName()));
            MessageDigest digest = ContentHash.newDigest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(seen.realPath()), digest)) {
                Files.copy(in, staged);
            }
            return new CodeSnapshot(
                    variable,
                    origin,
                    form,
                    staged,
                    dir,
                    ContentHash.hex(digest.digest()),
                    seen.modified().toInstant());
        } catch (IOException | RuntimeException e) {
            WorkDir.deleteQuietly(dir);
            throw e;
        }
    }

    private FunctionLoadException unreadable(IOException e) {
        String problem;
        if (e instanceof NoSuchFileException) {
            problem = "no such file; mount the function there or point " + variable + " at it";
        } else if (e instanceof AccessDeniedException) {
            problem = "permission denied; the runtime's user must be able to read it";
        } else {
            problem = "cannot read it: " + e;
        }
        return new FunctionLoadException(Kind.IO, variable + " " + origin + ": " + problem, e);
    }
}
