package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Turns a staged version of the code into a loaded function: unpack, compile, class loader, entry point. */
final class FunctionBuilder {

    private static final String COMPILED = "compiled";
    private static final String CACHE_HIT = "compile cache hit";
    private static final String PRECOMPILED = "precompiled";

    /**
     * @param classPath the class loader's path, the function's own classes first
     * @param ownRoots  where the function's own classes are (searched for the handler, listed in errors)
     * @param build     how the classes came to be
     */
    private record Layout(List<Path> classPath, List<Path> ownRoots, String build) {
    }

    private final Optional<HandlerSpec> handler;
    private final WorkDir workDir;
    private final CompileCache compileCache;

    FunctionBuilder(Optional<HandlerSpec> handler, WorkDir workDir, CompileCache compileCache) {
        this.handler = handler;
        this.workDir = workDir;
        this.compileCache = compileCache;
    }

    LoadedVersion build(CodeSnapshot code) throws FunctionLoadException {
        Layout layout = switch (code.form()) {
            case SOURCE_FILE -> sourceFile(code);
            case JAR -> new Layout(List.of(code.file()), List.of(code.file()), PRECOMPILED);
            case ARCHIVE -> archive(code);
        };
        FunctionClassLoader loader = new FunctionClassLoader("function-" + code.version(), layout.classPath());
        try {
            List<String> ownClasses = ClassInventory.of(layout.ownRoots());
            ResolvedHandler resolved = new HandlerResolver(loader, ownClasses, code.origin())
                    .resolve(handler, code.form());
            return new LoadedVersion(code, resolved, layout.build(), loader);
        } catch (IOException e) {
            closeQuietly(loader);
            throw new FunctionLoadException(Kind.IO, code.subject() + ": cannot list its classes: " + e, e);
        } catch (FunctionLoadException | RuntimeException | Error e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private Layout sourceFile(CodeSnapshot code) throws FunctionLoadException {
        CompileCache.Compiled compiled = compileCache.compile(List.of(new SourceFile(code.file(), code.origin())),
                List.of(workDir.api()), code.subject());
        return new Layout(List.of(compiled.classes()), List.of(compiled.classes()), build(compiled));
    }

    /** Classes at the archive's root, jars in lib/, and any .java files anywhere, compiled together. */
    private Layout archive(CodeSnapshot code) throws FunctionLoadException {
        Path root = code.stagingDir().resolve("unpacked");
        ArchiveExtractor.extract(code.file(), root, code.subject());
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
                    .map(file -> new SourceFile(file, origin + "!/" + root.relativize(file).toString()
                            .replace(java.io.File.separatorChar, '/')))
                    .toList();
        }
    }

    private static String build(CompileCache.Compiled compiled) {
        return compiled.fromCache() ? CACHE_HIT : COMPILED;
    }

    private static void closeQuietly(FunctionClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing was loaded from it that anyone will use
        }
    }
}
