package io.fnpulse.runtime.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled classes kept in the work folder under a key that covers everything javac's output depends on: the
 * sources (names and bytes), every class file and jar on the class path (which includes the api), the options and
 * the Java version. A restart with the same code loads the classes instead of running javac. An entry is compiled
 * into a temporary folder and moved into place in one step, so an entry that exists is complete.
 *
 * <p>A compile can be started ahead, on another thread ({@link LiveFunction} does at start): the first caller for the
 * same sources then waits for it instead of running javac again, and gets it as compiled, errors included, not as a
 * cache hit.
 */
final class CompileCache {

    private static final Logger log = LoggerFactory.getLogger(CompileCache.class);
    private static final String FORMAT = "fnpulse compile cache 1";

    /** Where the classes are, and whether javac ran for them. */
    record Compiled(Path classes, boolean fromCache) {}

    private final WorkDir workDir;
    private final SourceCompiler compiler;
    /** Compiles ahead, running or done, whose outcome no caller has taken yet. */
    private final Map<String, CompletableFuture<Compiled>> unclaimed = new ConcurrentHashMap<>();

    CompileCache(WorkDir workDir, SourceCompiler compiler) {
        this.workDir = workDir;
        this.compiler = compiler;
    }

    Compiled compile(List<SourceFile> sources, List<Path> classPath, String subject) throws FunctionLoadException {
        String key;
        try {
            key = key(sources, classPath);
        } catch (IOException e) {
            throw new FunctionLoadException(
                    FunctionLoadException.Kind.IO, subject + ": cannot read the sources: " + e, e);
        }
        CompletableFuture<Compiled> ahead = unclaimed.remove(key);
        if (ahead != null) {
            Optional<Compiled> compiled = outcome(ahead);
            if (compiled.isPresent()) {
                return compiled.get();
            }
        }
        return compile(key, sources, classPath, subject);
    }

    /**
     * Compiles ahead of the caller who will ask for the same sources: that caller waits for this compile if it is
     * still running, and gets its classes as compiled here, or its compile errors. Any other failure (a file that could
     * not be read) is the caller's to try again.
     */
    void compileAhead(List<SourceFile> sources, List<Path> classPath, String subject) {
        String key;
        try {
            key = key(sources, classPath);
        } catch (IOException e) {
            log.debug("{}: not compiled ahead: {}", subject, e.toString());
            return;
        }
        CompletableFuture<Compiled> mine = new CompletableFuture<>();
        if (unclaimed.putIfAbsent(key, mine) != null) {
            return;
        }
        try {
            mine.complete(compile(key, sources, classPath, subject));
        } catch (FunctionLoadException e) {
            mine.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private Compiled compile(String key, List<SourceFile> sources, List<Path> classPath, String subject)
            throws FunctionLoadException {
        Path entry = workDir.compileCache().resolve(key);
        if (Files.isDirectory(entry)) {
            log.debug("{}: classes from the compile cache {}", subject, entry.getFileName());
            return new Compiled(entry, true);
        }
        Path output = workDir.newTempDir("compile-");
        try {
            List<String> warnings = compiler.compile(sources, classPath, output, subject);
            if (!warnings.isEmpty()) {
                log.warn("{} compiled with warnings: {}", subject, String.join(" | ", warnings));
            }
            moveIntoPlace(output, entry);
            return new Compiled(entry, false);
        } finally {
            WorkDir.deleteQuietly(output);
        }
    }

    /**
     * A compile ahead's outcome, once it is there: its classes, or its compile errors thrown as if this thread had
     * compiled; empty when it failed otherwise.
     */
    private static Optional<Compiled> outcome(CompletableFuture<Compiled> ahead) throws FunctionLoadException {
        try {
            return Optional.of(ahead.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof FunctionLoadException failed
                    && failed.kind() == FunctionLoadException.Kind.COMPILE) {
                throw new FunctionLoadException(failed.kind(), failed.getMessage(), failed);
            }
            return Optional.empty();
        }
    }

    /** Read-only before it is moved in: other runtimes sharing the folder load these classes too. */
    private void moveIntoPlace(Path output, Path entry) throws FunctionLoadException {
        try {
            try (Stream<Path> files = Files.walk(output)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    file.toFile().setWritable(false, false);
                }
            }
            Files.move(output, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileSystemException e) {
            if (!Files.isDirectory(entry)) {
                throw workDir.unwritable(e);
            }
            // another loader on this work folder compiled the same code first; its entry is just as good
        } catch (IOException e) {
            throw workDir.unwritable(e);
        }
    }

    private static String key(List<SourceFile> sources, List<Path> classPath) throws IOException {
        MessageDigest digest = ContentHash.newDigest();
        add(digest, FORMAT);
        add(digest, Runtime.version().toString());
        add(digest, String.join(" ", SourceCompiler.OPTIONS));
        for (SourceFile source : sources) {
            add(digest, "source " + source.file().getFileName() + " " + ContentHash.of(source.file()));
        }
        for (Path entry : classPath) {
            if (Files.isDirectory(entry)) {
                for (Path classFile : classFilesUnder(entry)) {
                    add(digest, "class " + entry.relativize(classFile) + " " + ContentHash.of(classFile));
                }
            } else if (Files.isRegularFile(entry)) {
                add(digest, "jar " + entry.getFileName() + " " + ContentHash.of(entry));
            }
        }
        return ContentHash.hex(digest.digest());
    }

    private static List<Path> classFilesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".class") && Files.isRegularFile(file))
                    .sorted()
                    .toList();
        }
    }

    private static void add(MessageDigest digest, String line) {
        digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
