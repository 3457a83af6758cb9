package io.fnpulse.stack.author;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of an author's command as a user runs it — the stack jar (or the {@code ./fnpulse} script) as a child
 * process — with its standard output and standard error kept apart, since what goes to which is part of the contract.
 */
final class AuthorCommand {

    /** What a run left: its exit code, and what it wrote to each stream. */
    record Result(int exit, String stdout, String stderr) {

        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path workDir = Path.of("").toAbsolutePath();
    private Path stdin;
    private Duration timeout = Duration.ofMinutes(2);

    private AuthorCommand(List<String> prefix) {
        command.addAll(prefix);
    }

    /** {@code java -jar fnpulse-stack.jar <args>}, with the flags ./fnpulse gives the author's commands. */
    static AuthorCommand jar(String... args) {
        AuthorCommand run = new AuthorCommand(List.of(
                ServiceProcess.javaExecutable(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmn16m",
                "-jar",
                ProjectFiles.jar("stack", "fnpulse-stack.jar").toString()));
        run.command.addAll(List.of(args));
        return run;
    }

    /** A command line as a user types it, run by bash: {@code ./fnpulse invoke ...}, {@code ./mvnw ...}. */
    static AuthorCommand shell(String line) {
        return new AuthorCommand(List.of("bash", "-c", line));
    }

    AuthorCommand env(String name, String value) {
        env.put(name, value);
        return this;
    }

    AuthorCommand in(Path dir) {
        this.workDir = dir;
        return this;
    }

    AuthorCommand stdin(Path file) {
        this.stdin = file;
        return this;
    }

    AuthorCommand timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Result run() {
        try {
            Path out = Files.createTempFile("fnpulse-out-", ".txt");
            Path err = Files.createTempFile("fnpulse-err-", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                if (stdin != null) {
                    builder.redirectInput(stdin.toFile());
                }
                builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR", "JAVA_HOME"));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (stdin == null) {
                    process.getOutputStream().close();
                }
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not end within " + timeout + "; its output:\n"
                            + Files.readString(out) + Files.readString(err));
                }
                return new Result(
                        process.exitValue(),
                        Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
