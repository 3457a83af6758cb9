package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Compiles sources with the JDK's javac in this JVM, for this JVM, against exactly the given class path. The runtime
 * uses it in a child JVM ({@link ForkedCompiler}), so that javac's classes do not stay in the runtime for life.
 */
final class InProcessCompiler implements SourceCompiler {

    private final JavaCompiler javac;

    InProcessCompiler() {
        this(ToolProvider.getSystemJavaCompiler());
    }

    /** {@code javac} is null where the JVM has none (a JRE). */
    InProcessCompiler(JavaCompiler javac) {
        this.javac = javac;
    }

    @Override
    public List<String> compile(List<SourceFile> sources, List<Path> classPath, Path output, String subject)
            throws FunctionLoadException {
        if (javac == null) {
            throw SourceCompiler.noCompiler(subject);
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter otherOutput = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files =
                javac.getStandardFileManager(diagnostics, Locale.ENGLISH, StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
            // without this javac would also look for sources on the class path
            files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
            List<JavaFileObject> units =
                    sources.stream().<JavaFileObject>map(NamedSource::new).toList();
            compiled = javac.getTask(otherOutput, files, diagnostics, OPTIONS, null, units)
                    .call();
        } catch (IOException | RuntimeException e) {
            throw new FunctionLoadException(
                    Kind.COMPILE,
                    subject + ": javac failed: " + e
                            + (otherOutput.toString().isBlank()
                                    ? ""
                                    : "; " + otherOutput.toString().strip()),
                    e);
        }
        List<String> reported = diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER)
                .map(InProcessCompiler::format)
                .toList();
        if (!compiled) {
            String messages = reported.isEmpty()
                    ? subject + ": javac failed: " + otherOutput.toString().strip()
                    : String.join("\n", reported);
            throw new FunctionLoadException(Kind.COMPILE, messages);
        }
        return reported;
    }

    private static String format(Diagnostic<? extends JavaFileObject> diagnostic) {
        String where = diagnostic.getSource() instanceof NamedSource named
                ? named.displayName
                : diagnostic.getSource() != null ? diagnostic.getSource().getName() : "javac";
        String line = diagnostic.getLineNumber() > 0 ? ":" + diagnostic.getLineNumber() : "";
        String kind = diagnostic.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning";
        String message = diagnostic
                .getMessage(Locale.ENGLISH)
                .lines()
                .map(text -> text.strip().replaceAll("\\s+", " "))
                .filter(text -> !text.isEmpty())
                .collect(Collectors.joining("; "));
        return where + line + ": " + kind + ": " + message;
    }

    /**
     * A source that reports errors under the name the user knows, and that accepts any public class name: a
     * ConfigMap key is {@code function.java} whatever the class in it is called.
     */
    private static final class NamedSource extends SimpleJavaFileObject {

        private final Path file;
        private final String displayName;

        NamedSource(SourceFile source) {
            super(source.file().toUri(), Kind.SOURCE);
            this.file = source.file();
            this.displayName = source.displayName();
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) throws IOException {
            return Files.readString(file, StandardCharsets.UTF_8);
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.SOURCE;
        }

        @Override
        public String getName() {
            return displayName;
        }
    }
}
