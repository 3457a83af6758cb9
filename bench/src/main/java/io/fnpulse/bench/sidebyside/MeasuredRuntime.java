package io.fnpulse.bench.sidebyside;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A runtime under measurement, as a child process whose output is kept (and copied to a log file): fnpulse's image
 * through podman ({@link ImageRuntime}) or the seed-style Python one ({@link SeedPython}).
 */
abstract class MeasuredRuntime implements AutoCloseable {

    protected final String name;
    protected final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    MeasuredRuntime(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        Thread pump = new Thread(() -> pump(logFile), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** System.nanoTime when the measured program started: the exec of its interpreter or JVM. */
    abstract long startedNanos() throws InterruptedException;

    /** The process whose memory is measured, as this machine numbers it. */
    abstract long pid() throws InterruptedException;

    /** Ends it as its platform would (SIGTERM), waits, and returns its exit code. */
    abstract int stop() throws InterruptedException;

    /** VmRSS of {@link #pid()}, in KiB. */
    long residentKib() throws InterruptedException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(name + " is gone: " + e, e);
        }
        throw new IllegalStateException("no VmRSS for " + name);
    }

    String awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (; seen < lines.size(); seen++) {
                if (matcher.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            if (!process.isAlive() && seen == lines.size()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(2);
        }
        throw new IllegalStateException(
                name + " printed no such line within " + timeout + "; it printed:\n" + output());
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private void pump(Path logFile) {
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
}
