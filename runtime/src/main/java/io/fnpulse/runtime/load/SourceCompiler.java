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

/** Compiles sources in-process with the JDK's javac, for the running JVM, against exactly the given class path. */
final class SourceCompiler {

    static final List<String> OPTIONS = List.of("-parameters", "-proc:none", "-g", "-encoding", "UTF-8");

    private final JavaCompiler javac;

    SourceCompiler() {
        this(ToolProvider.getSystemJavaCompiler());
    }

    /** {@code javac} is null where the JVM has none (a JRE). */
    SourceCompiler(JavaCompiler javac) {
        this.javac = javac;
    }

    /**
     * Writes the classes of {@code sources} into {@code output}.
     *
     * @return the warnings, one {@code file:line: warning: message} each
     * @throws FunctionLoadException COMPILE with every diagnostic when there are errors; NO_COMPILER on a JRE
     */
    List<String> compile(List<SourceFile> sources, List<Path> classPath, Path output, String subject)
            throws FunctionLoadException {
        if (javac == null) {
            throw new FunctionLoadException(
                    Kind.NO_COMPILER,
                    subject + ": this JVM has no Java compiler, which"
                            + " .java sources need; run the runtime on a JDK (or an image that keeps the jdk.compiler module),"
                            + " or ship the function compiled, as a .jar");
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
                .map(SourceCompiler::format)
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
