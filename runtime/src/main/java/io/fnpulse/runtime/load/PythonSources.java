package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Staged Python code made ready for the {@link PythonLoader}: its path, its module and its function. */
final class PythonSources {

    static final String DEFAULT_FUNCTION = "handler";

    private PythonSources() {}

    /** One module: the staged file's folder on the path, the module named after the file unless the handler names one. */
    static PythonCode file(CodeSnapshot code, Optional<HandlerSpec> handler, Duration importTimeout)
            throws FunctionLoadException {
        HandlerSpec.PythonEntry entry = entry(code, handler);
        String fileName = code.file().getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - ".py".length());
        return new PythonCode(
                code,
                List.of(code.file().getParent()),
                code.file(),
                code.origin(),
                Optional.of(entry.module().orElse(stem)),
                entry.function(),
                importTimeout);
    }

    /**
     * An unpacked archive: its root, then {@code lib/} and every wheel or zip in it, on the path; without a module
     * in FUNCTION_HANDLER, the worker looks for the one top-level module that defines the function.
     */
    static PythonCode archive(CodeSnapshot code, Path root, Optional<HandlerSpec> handler, Duration importTimeout)
            throws FunctionLoadException {
        HandlerSpec.PythonEntry entry = entry(code, handler);
        List<Path> path = new ArrayList<>();
        path.add(root);
        Path lib = root.resolve("lib");
        if (Files.isDirectory(lib)) {
            path.add(lib);
            try (Stream<Path> files = Files.list(lib)) {
                files.filter(file -> isPythonArchive(file.getFileName().toString()) && Files.isRegularFile(file))
                        .sorted()
                        .forEach(path::add);
            } catch (IOException e) {
                throw new FunctionLoadException(Kind.IO, code.subject() + ": cannot list lib/: " + e, e);
            }
        }
        return new PythonCode(code, path, root, code.origin() + "!", entry.module(), entry.function(), importTimeout);
    }

    /**
     * Whether an unpacked archive holds a Python function: Python modules, or wheels in lib/, and no Java (no .java
     * or .class file, no jar in lib/). An archive with both is Java's, as it was before Python functions existed.
     */
    static boolean holdsPython(Path root, String subject) throws FunctionLoadException {
        Path lib = root.resolve("lib");
        boolean python = false;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                boolean inLib = lib.equals(file.getParent());
                if (name.endsWith(".java") || name.endsWith(".class") || inLib && name.endsWith(".jar")) {
                    return false;
                }
                python |= name.endsWith(".py") || inLib && isPythonArchive(name);
            }
        } catch (IOException e) {
            throw new FunctionLoadException(Kind.IO, subject + ": cannot read what it unpacked to: " + e, e);
        }
        return python;
    }

    private static boolean isPythonArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".whl") || lower.endsWith(".zip");
    }

    private static HandlerSpec.PythonEntry entry(CodeSnapshot code, Optional<HandlerSpec> handler)
            throws FunctionLoadException {
        if (handler.isEmpty()) {
            return new HandlerSpec.PythonEntry(Optional.empty(), DEFAULT_FUNCTION);
        }
        if (handler.get().javaOnly()) {
            throw new FunctionLoadException(
                    Kind.HANDLER,
                    code.subject() + ": FUNCTION_HANDLER " + handler.get() + " is Java's Class::method form, but the"
                            + " code is Python; write function, module.function or module:function");
        }
        return handler.get().python();
    }
}
