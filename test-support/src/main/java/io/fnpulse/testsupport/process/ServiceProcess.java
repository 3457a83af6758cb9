package io.fnpulse.testsupport.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One of our service jars running as a real child process, started the way a user starts it: {@code java -jar}.
 * Its output is captured line by line (and copied to {@code target/process-logs/}) so tests can wait for events.
 * The environment is a clean one, holding only what the test passes plus PATH, HOME and LANG.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;
    private final Instant startedAt;

    private ServiceProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.startedAt = Instant.now();
        this.pump = new Thread(() -> pumpOutput(logFile), name + "-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    public static Builder jar(Path jar) {
        return new Builder(jar);
    }

    public static final class Builder {
        private final Path jar;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String name;
        private Path workDir;

        private Builder(Path jar) {
            this.jar = jar;
            this.name = jar.getFileName().toString().replace(".jar", "");
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder arg(String arg) {
            args.add(arg);
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public ServiceProcess start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " does not exist: build it first with ./mvnw -B package");
            }
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmArgs);
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Map<String, String> environment = builder.environment();
            environment.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
            environment.putAll(env);
            try {
                Path logDir = Path.of("target", "process-logs");
                Files.createDirectories(logDir);
                Path logFile = logDir.resolve(name + "-" + System.nanoTime() + ".log");
                return new ServiceProcess(name, builder.start(), logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + command, e);
            }
        }
    }

    /** The java launcher running these tests, so the child runs on the same JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void pumpOutput(Path logFile) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                log.println(line);
            }
        } catch (IOException e) {
            // the process went away; what was read stays available
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String output() {
        return String.join("\n", lines);
    }

    /** Waits for the first line (already printed or still to come) that the predicate accepts. */
    public String awaitLine(Predicate<String> matcher, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            List<String> snapshot = lines();
            for (int i = seen; i < snapshot.size(); i++) {
                if (matcher.test(snapshot.get(i))) {
                    return snapshot.get(i);
                }
            }
            seen = snapshot.size();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " printed no matching line within " + timeout
                        + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                        + "; its output:\n" + output());
            }
            if (!process.isAlive() && !pump.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue()
                        + " before printing a matching line; its output:\n" + output());
            }
            sleepBriefly();
        }
    }

    public String awaitLine(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        return awaitLine(line -> pattern.matcher(line).find(), timeout);
    }

    public Optional<String> findLine(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return lines.stream().filter(line -> pattern.matcher(line).find()).findFirst();
    }

    public long countLines(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return lines.stream().filter(line -> pattern.matcher(line).find()).count();
    }

    /**
     * SIGTERM, as Kubernetes sends; returns the exit code. Sent with kill rather than Process.destroy, which also
     * closes our end of the child's output and would lose what it logs while stopping.
     */
    public int terminate(Duration timeout) {
        signal("TERM");
        return awaitExit(timeout);
    }

    /** SIGINT, as Ctrl-C sends; returns the exit code. */
    public int interrupt(Duration timeout) {
        signal("INT");
        return awaitExit(timeout);
    }

    /** SIGKILL: no chance to clean up, as when a node dies. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + "; its output:\n" + output());
            }
            pump.join(2_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    /** Resident set size in KiB from /proc, the figure {@code ps -o rss} prints. */
    public long residentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS line for " + pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
