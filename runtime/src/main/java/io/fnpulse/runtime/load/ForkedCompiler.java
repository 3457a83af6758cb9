package io.fnpulse.runtime.load;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs javac in a child JVM of the same Java installation ({@link CompilerProcess}, from the runtime's own class
 * path), which ends once the classes are written: the runtime never loads javac, so its footprint does not grow with
 * the compiler's. Errors and warnings come back exactly as an in-process compile reports them.
 *
 * <p>The child's JVM options are those of {@value #JVM_OPTIONS_PROPERTY} (whitespace-separated; an {@code @argfile}
 * works as on the command line), else {@link #DEFAULT_JVM_OPTIONS}; {@code JAVA_TOOL_OPTIONS} applies to it as it
 * does to the runtime, since the child inherits the environment. The images name an AOT cache trained on a compile
 * there (docker/runtime.jvm-options).
 */
final class ForkedCompiler implements SourceCompiler {

    private static final Logger log = LoggerFactory.getLogger(ForkedCompiler.class);

    static final String JVM_OPTIONS_PROPERTY = "fnpulse.compiler.jvmOptions";
    /** A JVM that lives for one compile: one GC thread, no C2 to warm up, no perf data file. */
    static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");

    /** Far beyond any function's compile; a javac that hangs must not hold the loader forever. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** Of the child's own output, what a failure reports. */
    private static final int OUTPUT_TAIL_CHARS = 4_000;

    private final Path java;
    private final List<String> jvmOptions;
    private final String classPath;
    private final boolean hasCompiler;

    ForkedCompiler(Path java, List<String> jvmOptions, String classPath, boolean hasCompiler) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classPath = classPath;
        this.hasCompiler = hasCompiler;
    }

    /** The running JVM's installation and class path, with the options {@value #JVM_OPTIONS_PROPERTY} gives. */
    static ForkedCompiler configured() {
        String options = System.getProperty(JVM_OPTIONS_PROPERTY);
        return new ForkedCompiler(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                options == null
                        ? DEFAULT_JVM_OPTIONS
                        : Arrays.asList(options.trim().split("\\s+")),
                System.getProperty("java.class.path"),
                ModuleLayer.boot().findModule("jdk.compiler").isPresent());
    }

    @Override
    public List<String> compile(List<SourceFile> sources, List<Path> classPath, Path output, String subject)
            throws FunctionLoadException {
        if (!hasCompiler) {
            throw SourceCompiler.noCompiler(subject);
        }
        Path exchange;
        try {
            exchange = Files.createTempDirectory(output.getParent(), "javac-");
        } catch (IOException e) {
            throw new FunctionLoadException(Kind.IO, subject + ": cannot prepare the compile: " + e, e);
        }
        try {
            Path request = exchange.resolve("request");
            Path result = exchange.resolve("result");
            Path childOutput = exchange.resolve("output.txt");
            try {
                CompileExchange.write(new CompileExchange.Request(sources, classPath, output, subject), request);
            } catch (IOException e) {
                throw new FunctionLoadException(Kind.IO, subject + ": cannot prepare the compile: " + e, e);
            }
            int exit = run(request, result, childOutput, subject);
            if (exit != 0 || !Files.isRegularFile(result)) {
                throw new FunctionLoadException(
                        Kind.COMPILE,
                        subject + ": javac's JVM ended with exit code " + exit + " before it reported: "
                                + tail(childOutput));
            }
            logChildOutput(childOutput, subject);
            CompileExchange.Result outcome = CompileExchange.readResult(result);
            if (outcome.failure().isPresent()) {
                throw outcome.failure().get();
            }
            return outcome.warnings();
        } catch (IOException e) {
            throw new FunctionLoadException(Kind.IO, subject + ": cannot read javac's result: " + e, e);
        } finally {
            WorkDir.deleteQuietly(exchange);
        }
    }

    private int run(Path request, Path result, Path childOutput, String subject) throws FunctionLoadException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(
                List.of("-cp", classPath, CompilerProcess.class.getName(), request.toString(), result.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(childOutput.toFile())
                    .start();
        } catch (IOException e) {
            throw new FunctionLoadException(
                    Kind.IO, subject + ": cannot start a JVM for javac (" + java + "): " + e, e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FunctionLoadException(
                        Kind.COMPILE,
                        subject + ": javac did not finish within " + TIMEOUT.toSeconds() + " s; its JVM was stopped");
            }
            return process.exitValue();
        } catch (IOException e) {
            process.destroyForcibly();
            throw new FunctionLoadException(
                    Kind.IO, subject + ": cannot start a JVM for javac (" + java + "): " + e, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FunctionLoadException(Kind.IO, subject + ": compiling was interrupted", e);
        }
    }

    /** The JVM may have warned about something (an unusable AOT cache, a flag): worth a line, not a failure. */
    private static void logChildOutput(Path childOutput, String subject) {
        String text = tail(childOutput);
        if (!text.isEmpty()) {
            log.info("{}: javac's JVM printed: {}", subject, text);
        }
    }

    /** The child's output but for the launcher's "Picked up JAVA_TOOL_OPTIONS" notes, on one line. */
    private static String tail(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String text = lines.filter(line -> !line.startsWith("Picked up ") && !line.startsWith("NOTE: Picked up "))
                    .collect(Collectors.joining("\n"))
                    .strip();
            return text.length() <= OUTPUT_TAIL_CHARS
                    ? text.replace('\n', ' ')
                    : "…" + text.substring(text.length() - OUTPUT_TAIL_CHARS).replace('\n', ' ');
        } catch (IOException | UncheckedIOException e) {
            return "(its output is unreadable: " + e + ")";
        }
    }
}
