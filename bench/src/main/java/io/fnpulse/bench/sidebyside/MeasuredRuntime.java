package io.fnpulse.bench.sidebyside;

import io.fnpulse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A runtime under measurement, as a child process whose output is kept (and copied to bench-logs): fnpulse's image
 * through podman ({@link ImageRuntime}) or the seed-style Python one ({@link SeedPython}).
 */
abstract class MeasuredRuntime implements AutoCloseable {

    protected final String name;
    protected final ServiceProcess process;

    MeasuredRuntime(String name, ServiceProcess process) {
        this.name = name;
        this.process = process;
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

    String awaitLine(Predicate<String> matcher, Duration timeout) {
        return process.awaitLine(matcher, timeout);
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
