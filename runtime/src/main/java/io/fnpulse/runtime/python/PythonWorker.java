package io.fnpulse.runtime.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.service.lifecycle.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker process: a CPython running {@code fnpulse_worker.py} for one version of a function, spoken to in
 * {@link Frames} over its stdin and stdout. What it writes to stderr (between calls, or below Python's sys.stderr) is
 * logged line by line, and its last lines are kept to explain a death.
 */
final class PythonWorker {

    private static final Logger log = LoggerFactory.getLogger("io.fnpulse.function.output");
    private static final int MAX_LINE_CHARS = 8 * 1024;
    private static final int LAST_WORDS_CHARS = 2 * 1024;

    private final String name;
    private final Process process;
    private final OutputStream toWorker;
    private final DataInputStream fromWorker;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final Thread drain;
    private volatile boolean expired;
    private volatile boolean ended;
    private boolean ready;
    private boolean accounted;

    private PythonWorker(String name, Process process) {
        this.name = name;
        this.process = process;
        this.toWorker = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
        this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream(), 64 * 1024));
        this.drain = DaemonThreads.daemon(this::drainStderr, name + "-stderr");
        drain.start();
    }

    /**
     * Starts the interpreter on the worker script, in {@code directory}, with the runtime's environment (a function
     * may read its settings from there).
     */
    static PythonWorker start(String name, List<String> command, java.nio.file.Path directory) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        return new PythonWorker(name, process);
    }

    String name() {
        return name;
    }

    void send(ObjectMapper json, ObjectNode header, byte[]... parts) throws IOException {
        Frames.write(toWorker, json, header, parts);
    }

    Frames.Frame receive(ObjectMapper json, int maxBytes) throws IOException {
        return Frames.read(fromWorker, json, maxBytes);
    }

    /** Kills the worker (and anything it started) at {@code timeout} from now, unless the returned task is cancelled. */
    ScheduledFuture<?> deadline(ScheduledExecutorService scheduler, Duration timeout) {
        return scheduler.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        expired = true;
        kill();
    }

    /** Whether its deadline passed and it was killed for it. */
    boolean expired() {
        return expired;
    }

    /** Ended by the runtime: killed at a deadline, or closed with its version. */
    boolean ended() {
        return ended || expired;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Kills the worker and the processes it started, at once (SIGKILL). */
    void kill() {
        ended = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Asks the worker to end (end of its input) and kills it if it is still there after {@code grace}. */
    void close(ScheduledExecutorService scheduler, Duration grace) {
        ended = true;
        try {
            toWorker.close();
        } catch (IOException e) {
            // already gone
        }
        if (process.isAlive()) {
            try {
                scheduler.schedule(this::kill, grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                kill(); // the runtime is closing down: no grace
            }
        }
    }

    void whenExited(Runnable action, java.util.concurrent.Executor executor) {
        process.onExit().thenRunAsync(action, executor);
    }

    /** Marks the worker ready for calls: its module imported. */
    void ready() {
        ready = true;
    }

    boolean isReady() {
        return ready;
    }

    /** Whether its end was counted and logged already; true the first time it is asked after that, false before. */
    boolean accountFor() {
        boolean before = accounted;
        accounted = true;
        return !before;
    }

    /** How it ended, waiting a moment for the exit status: "exit code 3", "killed by signal 9 (SIGKILL)". */
    String howItEnded() {
        try {
            process.waitFor(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            return "still running";
        }
        int status = process.exitValue();
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            return "killed by signal " + signal + signalName(signal);
        }
        return "exit code " + status;
    }

    /** The last lines it wrote to stderr, for a message about its death: the traceback of a crash is there. */
    String lastWords() {
        try {
            drain.join(200); // what it wrote just before it died may still be on its way to the log
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    private static String signalName(int signal) {
        return switch (signal) {
            case 6 -> " (SIGABRT)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            case 15 -> " (SIGTERM)";
            default -> "";
        };
    }

    private void drainStderr() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String shown = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line;
                log.info("{} stderr: {}", name, shown);
                remember(shown);
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }

    private void remember(String line) {
        synchronized (lastLines) {
            lastLines.addLast(line);
            int total = 0;
            for (String kept : lastLines) {
                total += kept.length() + 1;
            }
            while (total > LAST_WORDS_CHARS && lastLines.size() > 1) {
                total -= lastLines.removeFirst().length() + 1;
            }
        }
    }
}
