package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The function as it is now: loads the configured code, notices when it changes and swaps in the new version. A
 * version that fails to load leaves the previous one running. Each Java version lives in its own class loader, each
 * Python version in its own worker process; either is closed when the version is replaced.
 *
 * <p>{@link #refresh()} is meant to be called before every invocation and on every poll: when nothing changed it
 * costs a {@code stat} of the file (or nothing, for a URL between checks). Failures are remembered by content hash:
 * a broken version is not rebuilt until the code changes again, and the same {@link Refresh.Failed} object is
 * returned meanwhile.
 */
public final class LiveFunction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFunction.class);
    private static final Refresh.Unchanged UNCHANGED = new Refresh.Unchanged();
    /** How long close waits for an interrupted compile ahead (its javac JVM is killed at once) to end. */
    private static final Duration COMPILE_AHEAD_CLOSE_WAIT = Duration.ofSeconds(10);

    /** The last failure, and the content hash it belongs to (null when the code could not even be fetched). */
    private record Failure(String hash, Refresh.Failed refresh) {}

    private final WorkDir workDir;
    private final CodeSource source;
    private final FunctionBuilder builder;
    private final Optional<String> expectedSha256;
    private final java.util.List<java.lang.ref.WeakReference<ClassLoader>> loaders = new java.util.ArrayList<>();
    private volatile HeldVersion current;
    private Failure failure;
    private boolean prepared;
    /** Set by {@link #close()}: a compile ahead not yet started never writes into the work folder being removed. */
    private volatile boolean closed;

    private final Optional<Thread> compilingAhead;

    /** Java functions only: Python code is a failed load that says so. */
    public LiveFunction(CodeSettings settings, UserCodeLimits limits) {
        this(settings, limits, SourceCompiler.configured(), Optional.empty());
    }

    /** Java functions, and Python ones loaded by {@code python}. */
    public LiveFunction(CodeSettings settings, UserCodeLimits limits, PythonLoader python) {
        this(settings, limits, SourceCompiler.configured(), Optional.of(python));
    }

    LiveFunction(CodeSettings settings, UserCodeLimits limits, SourceCompiler compiler) {
        this(settings, limits, compiler, Optional.empty());
    }

    LiveFunction(CodeSettings settings, UserCodeLimits limits, SourceCompiler compiler, Optional<PythonLoader> python) {
        Objects.requireNonNull(settings, "settings");
        this.workDir = new WorkDir(settings.workDir());
        this.source = CodeSource.of(settings, workDir);
        CompileCache compileCache = new CompileCache(workDir, compiler);
        this.builder = new FunctionBuilder(settings.handler(), workDir, compileCache, limits, python);
        this.expectedSha256 = settings.zipSha256();
        this.compilingAhead = compileAhead(settings, compileCache);
    }

    /**
     * A {@code .java} file at FUNCTION_PATH starts compiling at once, on a thread of its own, while the runtime
     * connects to Redis and starts serving: the first {@link #refresh()} then takes those classes (or compile errors)
     * as its own, waiting for them if need be. The compiler's JVM and javac take most of a first start with a new
     * function, and this way they overlap the rest of it. The code is still loaded by the first refresh only.
     */
    private Optional<Thread> compileAhead(CodeSettings settings, CompileCache compileCache) {
        Path path = settings.functionPath();
        if (settings.functionZip().isPresent()
                || !String.valueOf(path.getFileName()).toLowerCase(Locale.ROOT).endsWith(".java")
                || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Thread ahead = new Thread(
                () -> {
                    try {
                        synchronized (this) {
                            if (closed) {
                                return;
                            }
                            prepare();
                        }
                        compileCache.compileAhead(
                                List.of(new SourceFile(path, path.toString())),
                                List.of(workDir.api()),
                                "FUNCTION_PATH " + path);
                    } catch (FunctionLoadException | RuntimeException e) {
                        log.debug("compiling ahead failed; the first load compiles: {}", e.toString());
                    }
                },
                "compile-ahead");
        ahead.setDaemon(true);
        ahead.start();
        return Optional.of(ahead);
    }

    /** Loads the code if it changed since the last call (or was never loaded). Never throws. */
    public synchronized Refresh refresh() {
        try {
            prepare();
            Optional<CodeSnapshot> fetched = source.poll();
            if (fetched.isEmpty()) {
                return failure != null ? failure.refresh() : UNCHANGED;
            }
            return consider(fetched.get());
        } catch (FunctionLoadException e) {
            return failed(null, e);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return failed(
                    null, new FunctionLoadException(Kind.IO, "loading the function failed unexpectedly: " + e, e));
        }
    }

    /**
     * Class loaders of the versions loaded so far that are still reachable, the current one included: a gauge that
     * shows whether replaced versions can be collected (it falls after a garbage collection).
     */
    public synchronized int versionsInMemory() {
        loaders.removeIf(reference -> reference.get() == null);
        return loaders.size();
    }

    /** Threads the function started (or that were abandoned to it), in the running Java version: a gauge. */
    public int startedThreads() {
        HeldVersion running = current;
        return running != null && running.function() instanceof JavaFunction java
                ? java.worker().startedThreads()
                : 0;
    }

    public Optional<LoadedFunction> current() {
        HeldVersion running = current;
        return running == null ? Optional.empty() : Optional.of(running.function());
    }

    /**
     * Closes the current version (its worker and class loader) and removes this process's staged code, once a compile
     * ahead still running has ended (it writes into that code's folder).
     */
    @Override
    public void close() {
        closed = true;
        compilingAhead.ifPresent(LiveFunction::awaitEnd);
        closeVersion();
    }

    private static void awaitEnd(Thread compiling) {
        compiling.interrupt();
        try {
            compiling.join(COMPILE_AHEAD_CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void closeVersion() {
        HeldVersion closing = current;
        current = null;
        if (closing != null) {
            release(closing);
        }
        if (prepared) {
            workDir.close();
        }
    }

    private void prepare() throws FunctionLoadException {
        if (prepared) {
            return;
        }
        try {
            workDir.prepare();
            ApiClasses.copyTo(workDir.api());
        } catch (IOException e) {
            throw workDir.unwritable(e);
        }
        prepared = true;
    }

    private Refresh consider(CodeSnapshot code) {
        HeldVersion running = current;
        if (running != null && running.code().hash().equals(code.hash())) {
            WorkDir.deleteQuietly(code.stagingDir());
            failure = null;
            return UNCHANGED;
        }
        if (failure != null && code.hash().equals(failure.hash())) {
            WorkDir.deleteQuietly(code.stagingDir());
            return failure.refresh();
        }
        HeldVersion loaded;
        try {
            checkDigest(code);
            loaded = builder.build(code);
        } catch (FunctionLoadException e) {
            WorkDir.deleteQuietly(code.stagingDir());
            return failed(code.hash(), e);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            WorkDir.deleteQuietly(code.stagingDir());
            return failed(
                    code.hash(),
                    new FunctionLoadException(Kind.HANDLER, code.subject() + ": loading failed unexpectedly: " + e, e));
        }
        current = loaded;
        if (loaded.function() instanceof JavaFunction java) {
            loaders.add(new java.lang.ref.WeakReference<>(java.classLoader()));
        }
        failure = null;
        if (running == null) {
            log.info("loaded {}", loaded.function().describe());
            return new Refresh.Loaded(loaded.function(), Optional.empty());
        }
        log.info(
                "loaded {}, replacing {}",
                loaded.function().describe(),
                running.code().version());
        release(running);
        return new Refresh.Loaded(loaded.function(), Optional.of(running.code().version()));
    }

    /** FUNCTION_ZIP_SHA256: an archive with another digest is refused before anything of it is unpacked or run. */
    private void checkDigest(CodeSnapshot code) throws FunctionLoadException {
        if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(code.hash())) {
            throw new FunctionLoadException(
                    Kind.DIGEST,
                    code.subject() + ": its SHA-256 is " + code.hash() + ", not the " + expectedSha256.get()
                            + " that FUNCTION_ZIP_SHA256 requires; it was not loaded");
        }
    }

    /** Remembers a failure; the same failure again returns the same object, so callers can report it once. */
    private Refresh.Failed failed(String hash, FunctionLoadException error) {
        if (failure != null
                && Objects.equals(failure.hash(), hash)
                && failure.refresh().error().kind() == error.kind()
                && Objects.equals(failure.refresh().error().getMessage(), error.getMessage())) {
            return failure.refresh();
        }
        Refresh.Failed failed = new Refresh.Failed(error, current());
        failure = new Failure(hash, failed);
        return failed;
    }

    private static void release(HeldVersion version) {
        try {
            version.release().run();
        } catch (IOException | RuntimeException e) {
            log.warn("could not release version {}: {}", version.code().version(), e.toString());
        }
    }
}
