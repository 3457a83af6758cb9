package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.runtime.worker.UserCodeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns a staged version of the code into a loaded function: for Java, unpack, compile, class loader, entry point;
 * for Python (a .py file, or an archive of modules), unpack and hand it to the {@link PythonLoader}.
 */
final class FunctionBuilder {

    private static final String COMPILED = "compiled";
    private static final String CACHE_HIT = "compile cache hit";
    private static final String PRECOMPILED = "precompiled";

    /**
     * @param classPath the class loader's path, the function's own classes first
     * @param ownRoots  where the function's own classes are (searched for the handler, listed in errors)
     * @param build     how the classes came to be
     */
    private record Layout(List<Path> classPath, List<Path> ownRoots, String build) {}

    private final Optional<HandlerSpec> handler;
    private final WorkDir workDir;
    private final CompileCache compileCache;
    private final UserCodeLimits limits;
    private final Optional<PythonLoader> python;

    FunctionBuilder(
            Optional<HandlerSpec> handler,
            WorkDir workDir,
            CompileCache compileCache,
            UserCodeLimits limits,
            Optional<PythonLoader> python) {
        this.handler = handler;
        this.workDir = workDir;
        this.compileCache = compileCache;
        this.limits = limits;
        this.python = python;
    }

    /** The version of the code's language; see {@link #java} and {@link PythonLoader#load}. */
    HeldVersion build(CodeSnapshot code) throws FunctionLoadException {
        switch (code.form()) {
            case PYTHON_FILE:
                return python(PythonSources.file(code, handler, limits.timeout()));
            case ARCHIVE:
                Path root = unpack(code);
                return PythonSources.holdsPython(root, code.subject())
                        ? python(PythonSources.archive(code, root, handler, limits.timeout()))
                        : java(code, archive(code, root));
            case JAR:
                return java(code, new Layout(List.of(code.file()), List.of(code.file()), PRECOMPILED));
            default:
                return java(code, sourceFile(code));
        }
    }

    private HeldVersion python(PythonCode code) throws FunctionLoadException {
        if (python.isEmpty()) {
            throw new FunctionLoadException(
                    Kind.NO_PYTHON,
                    code.code().subject() + ": this is a Python function, and this runtime was started without"
                            + " Python support");
        }
        PythonLoader.Version version = python.get().load(code);
        return new HeldVersion(code.code(), version, () -> {
            try {
                version.close();
            } finally {
                WorkDir.deleteQuietly(code.code().stagingDir());
            }
        });
    }

    /**
     * Finds and initialises the handler of compiled or unpacked Java code on the version's own worker, under the
     * user-code timeout: static initialisers and the constructor are the function's code like any call, so a version
     * whose initialisation throws anything or hangs is a failed load, not a version that fails every call.
     */
    private HeldVersion java(CodeSnapshot code, Layout layout) throws FunctionLoadException {
        if (handler.isPresent() && !handler.get().javaForm()) {
            throw new FunctionLoadException(
                    Kind.HANDLER,
                    code.subject() + ": FUNCTION_HANDLER " + handler.get() + " is not a Java handler, and the code is"
                            + " Java; write [package.]Class[::method]");
        }
        String name = "function-" + code.version();
        FunctionClassLoader loader = new FunctionClassLoader(name, layout.classPath());
        FunctionWorker worker = new FunctionWorker(name, loader, limits.onAbandoned());
        try {
            List<String> ownClasses = ClassInventory.of(layout.ownRoots());
            HandlerResolver resolver = new HandlerResolver(loader, ownClasses, code.origin());
            ResolvedHandler resolved = worker.run(() -> resolver.resolve(handler, code.form()), limits.timeout());
            LoadedVersion version =
                    new LoadedVersion(code, resolved, layout.build(), loader, worker, VersionJson.newMapper());
            return new HeldVersion(code, version, version::release);
        } catch (IOException e) {
            release(worker, loader);
            throw new FunctionLoadException(Kind.IO, code.subject() + ": cannot list its classes: " + e, e);
        } catch (UserCodeFailure.TimedOut timedOut) {
            release(worker, loader);
            throw new FunctionLoadException(
                    Kind.TIMEOUT,
                    code.subject() + ": initialising the handler (its static"
                            + " initialisers and constructor) " + timedOut.getMessage()
                            + "; HANDLER_TIMEOUT_SECONDS bounds"
                            + " it like a call");
        } catch (UserCodeFailure threw) {
            release(worker, loader);
            if (threw.getCause() instanceof FunctionLoadException e) {
                throw e;
            }
            throw new FunctionLoadException(
                    Kind.INIT,
                    code.subject() + ": loading the handler threw " + UserCodeTrace.describe(threw.getCause()),
                    threw.getCause());
        } catch (InterruptedException e) {
            release(worker, loader);
            Thread.currentThread().interrupt();
            throw new FunctionLoadException(Kind.IO, code.subject() + ": loading was interrupted", e);
        } catch (RuntimeException | Error e) {
            release(worker, loader);
            throw e;
        }
    }

    private Layout sourceFile(CodeSnapshot code) throws FunctionLoadException {
        CompileCache.Compiled compiled = compileCache.compile(
                List.of(new SourceFile(code.file(), code.origin())), List.of(workDir.api()), code.subject());
        return new Layout(List.of(compiled.classes()), List.of(compiled.classes()), build(compiled));
    }

    private static Path unpack(CodeSnapshot code) throws FunctionLoadException {
        Path root = code.stagingDir().resolve("unpacked");
        ArchiveExtractor.extract(code.file(), root, code.subject());
        return root;
    }

    /** Classes at the archive's root, jars in lib/, and any .java files anywhere, compiled together. */
    private Layout archive(CodeSnapshot code, Path root) throws FunctionLoadException {
        List<Path> libraries;
        List<SourceFile> sources;
        try {
            libraries = libraries(root.resolve("lib"));
            sources = sources(root, code.origin());
        } catch (IOException e) {
            throw new FunctionLoadException(Kind.IO, code.subject() + ": cannot read what it unpacked to: " + e, e);
        }
        List<Path> packaged = new ArrayList<>();
        packaged.add(root);
        packaged.addAll(libraries);
        if (sources.isEmpty()) {
            return new Layout(packaged, List.of(root), PRECOMPILED);
        }
        List<Path> compileClassPath = new ArrayList<>();
        compileClassPath.add(workDir.api());
        compileClassPath.addAll(packaged);
        CompileCache.Compiled compiled = compileCache.compile(sources, compileClassPath, code.subject());
        List<Path> classPath = new ArrayList<>();
        classPath.add(compiled.classes());
        classPath.addAll(packaged);
        return new Layout(classPath, List.of(compiled.classes(), root), build(compiled));
    }

    private static List<Path> libraries(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar") && Files.isRegularFile(file))
                    .sorted()
                    .toList();
        }
    }

    // module-info.java is left out: the function runs in an unnamed module, and javac would switch to module mode
    private static List<SourceFile> sources(Path root, String origin) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".java") && Files.isRegularFile(file))
                    .filter(file -> !file.getFileName().toString().equals("module-info.java"))
                    .sorted()
                    .map(file -> new SourceFile(
                            file,
                            origin + "!/" + root.relativize(file).toString().replace(java.io.File.separatorChar, '/')))
                    .toList();
        }
    }

    private static String build(CompileCache.Compiled compiled) {
        return compiled.fromCache() ? CACHE_HIT : COMPILED;
    }

    private static void release(FunctionWorker worker, FunctionClassLoader loader) {
        worker.close();
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it that anyone will use
        }
    }
}
