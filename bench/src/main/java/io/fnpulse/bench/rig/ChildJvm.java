package io.fnpulse.bench.rig;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One of our jars started as a user starts it, {@code java [flags] -jar}, in a clean environment. It remembers the
 * System.nanoTime just before the fork, for cold-start figures, and reads its resident memory and CPU time from /proc.
 */
public final class ChildJvm implements AutoCloseable {

    private static final Path LOGS = Path.of("bench", "target", "bench-logs");

    private final String name;
    private final Process process;
    private final long startedNanos;
    private final long startedEpochMillis;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread pump;

    private ChildJvm(String name, Process process, long startedNanos, long startedEpochMillis, Path log) {
        this.name = name;
        this.process = process;
        this.startedNanos = startedNanos;
        this.startedEpochMillis = startedEpochMillis;
        this.pump = new Thread(() -> pump(log), name + "-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    public static ChildJvm start(String name, Path jar, List<String> jvmFlags, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().retainAll(List.of("PATH", "HOME", "LANG", "TMPDIR"));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(LOGS);
            Path log = LOGS.resolve(name + "-" + System.currentTimeMillis() + ".log");
            long startedMillis = System.currentTimeMillis();
            long started = System.nanoTime();
            Process process = builder.start();
            return new ChildJvm(name, process, started, startedMillis, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** The java launcher running the harness, so children run on the same JDK (pick it with JAVA_HOME/PATH). */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void pump(Path log) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log), true)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                out.println(line);
            }
        } catch (IOException e) {
            // the process is gone; what it printed stays in lines
        }
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Wall-clock start, to place the child's own log timestamps (which have milliseconds) on the same axis. */
    public long startedEpochMillis() {
        return startedEpochMillis;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a line matching the regex and returns it; fails with the output so far when none comes. */
    public String awaitLine(String regex, long timeoutMillis) {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            if (!process.isAlive() && !pump.isAlive()) {
                break;
            }
            pause(5);
        }
        throw new IllegalStateException(name + " printed no line matching '" + regex + "'"
                + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + "; its output:\n"
                + String.join("\n", lines));
    }

    /** VmRSS in KiB, the figure {@code ps -o rss} and the kubelet's working set start from. */
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
            throw new IllegalStateException("no " + field + " for " + pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** User plus system CPU time of the process so far, in clock ticks (1/100 s on Linux). */
    public long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15 of stat
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, as Kubernetes sends; waits for the exit and returns its code. */
    public int terminate(long timeoutMillis) {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            pump.join(2_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
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
