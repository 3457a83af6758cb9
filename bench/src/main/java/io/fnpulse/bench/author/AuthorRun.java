package io.fnpulse.bench.author;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code ./fnpulse <verb> ...} as a user runs it, whole process: the wall time, the CPU time it used (user
 * plus system, by /usr/bin/time; on a loaded machine the wall time is mostly waiting for a core), the exit code and
 * what it wrote to stderr.
 */
record AuthorRun(long nanos, long cpuNanos, int exit, String stderr) {

    private static final Path TIME = Path.of("/usr/bin/time");

    static AuthorRun of(Path checkout, Map<String, String> env, Path stdout, List<String> args) {
        try {
            Path stderr = Files.createTempFile("fnpulse-bench-err-", ".txt");
            Path cpu = Files.createTempFile("fnpulse-bench-cpu-", ".txt");
            try {
                List<String> command = new java.util.ArrayList<>();
                if (Files.isExecutable(TIME)) {
                    command.addAll(List.of(TIME.toString(), "-o", cpu.toString(), "-f", "%U %S"));
                }
                command.addAll(args);
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(checkout.toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(
                                Path.of("/dev/null").toFile()));
                builder.environment().putAll(env);
                long started = System.nanoTime();
                Process process = builder.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(args + " did not end within 10 minutes");
                }
                long took = System.nanoTime() - started;
                return new AuthorRun(took, cpuNanos(cpu), process.exitValue(), Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stderr);
                Files.deleteIfExists(cpu);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** User plus system seconds as /usr/bin/time writes them, or -1 where it is not installed. */
    private static long cpuNanos(Path file) throws IOException {
        String[] fields = Files.readString(file).strip().split("\\s+");
        if (fields.length < 2) {
            return -1;
        }
        return (long)
                ((Double.parseDouble(fields[fields.length - 2]) + Double.parseDouble(fields[fields.length - 1])) * 1e9);
    }

    AuthorRun requireExit(int expected) {
        if (exit != expected) {
            throw new IllegalStateException("exit " + exit + ", not " + expected + "; stderr:\n" + stderr);
        }
        return this;
    }
}
