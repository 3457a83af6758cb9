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
 * One of our service jars running as a real child process, started the way a user starts it: {@code java -jar}
 * (or any other program, {@link #command}, such as a container engine running an image). Its output is captured line by line (and copied to {@code target/process-logs/}) so tests can wait for events.
 * The environment is a clean one, holding only what the test passes plus PATH, HOME and LANG.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;
    private final Instant startedAt;
    private final long startedNanos;

    private ServiceProcess(String name, Process process, Path logFile, Instant startedAt, long startedNanos) {
        this.name = name;
        this.process = process;
        this.startedAt = startedAt;
        this.startedNanos = startedNanos;
        this.pump = new Thread(() -> pumpOutput(logFile), name + "-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    public static Builder jar(Path jar) {
        return new Builder(jar, List.of());
    }

    /** Any program, e.g. a container engine running an image, or another runtime to compare with: run as given. */
    public static Builder command(List<String> command) {
        return new Builder(null, command);
    }

    public static final class Builder {
        private final Path jar;
        private final List<String> command;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private String name;
        private String java = javaExecutable();
        private Path workDir;
        private Path logDir = Path.of("target", "process-logs");

        private Builder(Path jar, List<String> command) {
            this.jar = jar;
            this.command = List.copyOf(command);
            this.name = jar != null
                    ? jar.getFileName().toString().replace(".jar", "")
                    : Path.of(command.get(0)).getFileName().toString();
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

        /** The java launcher to run the jar with; that of these tests by default. */
        public Builder java(Path launcher) {
            this.java = launcher.toString();
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

        /** Where the copy of the child's output goes; {@code target/process-logs} by default. */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public Builder jvmArgs(List<String> args) {
            jvmArgs.addAll(args);
            return this;
        }

        public ServiceProcess start() {
            List<String> command = new ArrayList<>();
            if (jar == null) {
                command.addAll(this.command);
            } else {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " does not exist: build it first with ./mvnw -B package");
                }
                command.add(java);
                command.addAll(jvmArgs);
                command.add("-jar");
                command.add(jar.toAbsolutePath().toString());
            }
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Map<String, String> environment = builder.environment();
            environment.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
            environment.putAll(env);
            try {
                Files.createDirectories(logDir);
                Path logFile = logDir.resolve(name + "-" + System.nanoTime() + ".log");
                Instant startedAt = Instant.now();
                long startedNanos = System.nanoTime();
                return new ServiceProcess(name, builder.start(), logFile, startedAt, startedNanos);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + command, e);
            }
        }
    }

    /** The java launcher running these tests, so the child runs on the same JDK. */
    public static String javaExecutable() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void pumpOutput(Path logFile) {
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
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

    /** Wall-clock time just before the fork, to place the child's own log timestamps on the same axis. */
    public Instant startedAt() {
        return startedAt;
    }

    /** System.nanoTime just before the fork: the zero of cold-start figures. */
    public long startedNanos() {
        return startedNanos;
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

    /** Resident set size in KiB from /proc, the figure {@code ps -o rss} and the kubelet's working set start from. */
    public long residentKib() {
        return procStatusField("VmRSS:");
    }

    /** VmHWM in KiB: the peak resident memory since start. */
    public long peakResidentKib() {
        return procStatusField("VmHWM:");
    }

    private long procStatusField(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no " + field + " line for " + pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User plus system CPU time of the process so far, in clock ticks (1/100 s on Linux). */
    public long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime and stime, fields 14 and 15
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
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
