package io.fnpulse.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.runtime.load.FunctionLoadException;
import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.runtime.load.PythonCode;
import io.fnpulse.runtime.load.PythonLoader;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.lifecycle.DaemonThreads;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.text.Digest;
import io.fnpulse.service.text.Seconds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Python functions for the runtime: loads each version into a worker process of its own ({@code python3 -I
 * fnpulse_worker.py}, the script shipped in this jar) and supervises the workers. One per runtime; closing it ends
 * nothing that runs (each version is closed by the loader that replaced it) but its scheduler.
 */
public final class PythonFunctions implements PythonLoader, AutoCloseable {

    static final String SCRIPT = "fnpulse_worker.py";
    private static final Duration FIRST_RESTART_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_RESTART_PAUSE = Duration.ofSeconds(10);

    private volatile PythonSettings settings;
    private final Path home;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledThreadPoolExecutor scheduler;
    private final WorkerStats stats = new WorkerStats();
    private final AtomicInteger workerNumber = new AtomicInteger();
    private Path script;

    /**
     * @param home a folder of its own for the worker script and the compiled-bytecode cache (kept across restarts,
     *             it spares a restarted worker compiling the function again)
     */
    public PythonFunctions(PythonSettings settings, Path home) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.home = Objects.requireNonNull(home, "home");
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("python-workers"));
        // a deadline is cancelled on every call that answers in time; cancelled ones must not pile up in the queue
        scheduler.setRemoveOnCancelPolicy(true);
    }

    public WorkerStats stats() {
        return stats;
    }

    @Override
    public Version load(PythonCode code) throws FunctionLoadException {
        checkPython(code);
        Path worker = script(code);
        String prefix = "python-" + code.code().version();
        WorkerSupervisor.Launcher launcher = () -> launch(code, worker, prefix);
        PythonWorker first;
        try {
            first = launcher.launch();
        } catch (IOException e) {
            throw new FunctionLoadException(
                    Kind.NO_PYTHON,
                    code.code().subject() + ": cannot start " + settings.interpreter() + " (" + e.getMessage()
                            + "); install python3 or set " + PythonSettings.VARIABLE,
                    e);
        }
        stats.workerStarted(false);
        WorkerSupervisor.Start start = WorkerSupervisor.awaitReady(first, json, scheduler, code.importTimeout());
        if (!(start instanceof WorkerSupervisor.Start.Ready ready)) {
            // awaitReady ended the worker
            throw loadFailure(code, start);
        }
        ReentrantLock lock = new ReentrantLock();
        WorkerSupervisor workers = new WorkerSupervisor(
                code.code().version(),
                launcher,
                json,
                scheduler,
                stats,
                new Backoff(FIRST_RESTART_PAUSE, LONGEST_RESTART_PAUSE),
                lock,
                first);
        return new PythonVersion(code, ready.entry(), ready.python(), json, scheduler, workers, lock);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private PythonWorker launch(PythonCode code, Path worker, String prefix) throws IOException {
        List<String> command = List.of(
                settings.interpreter().toString(),
                "-I",
                "-X",
                "pycache_prefix=" + home.resolve("pycache"),
                worker.toString());
        Path directory =
                Files.isDirectory(code.staged()) ? code.staged() : code.staged().getParent();
        PythonWorker started = PythonWorker.start(prefix + "-" + workerNumber.incrementAndGet(), command, directory);
        try {
            started.send(json, loadFrame(code));
        } catch (IOException e) {
            started.kill();
            throw e;
        }
        return started;
    }

    private ObjectNode loadFrame(PythonCode code) {
        ObjectNode header = json.createObjectNode().put("op", "load").put("function", code.function());
        ArrayNode path = header.putArray("path");
        code.path().forEach(entry -> path.add(entry.toString()));
        code.module().ifPresentOrElse(module -> header.put("module", module), () -> header.putNull("module"));
        header.putArray("show").addArray().add(code.staged().toString()).add(code.shownAs());
        return header;
    }

    /** PYTHON checked before the first version loads, unless it was at start. */
    private synchronized void checkPython(PythonCode code) throws FunctionLoadException {
        try {
            settings = settings.checked();
        } catch (ConfigException e) {
            throw new FunctionLoadException(
                    Kind.NO_PYTHON, code.code().subject() + " is Python code, but " + e.getMessage());
        }
    }

    /**
     * The worker script, written into home from this jar the first time a version is loaded, in a folder named by its
     * content: runtimes of other releases sharing CODE_CACHE_DIR never restart a worker with another's script.
     */
    private synchronized Path script(PythonCode code) throws FunctionLoadException {
        if (script != null) {
            return script;
        }
        try (InputStream in = PythonFunctions.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the runtime's jar");
            }
            byte[] content = in.readAllBytes();
            Path folder = home.resolve(
                    "worker-" + Digest.hex(Digest.sha256().digest(content)).substring(0, 12));
            Path target = folder.resolve(SCRIPT);
            Files.createDirectories(folder);
            Path written = Files.createTempFile(folder, SCRIPT, ".tmp");
            Files.write(written, content);
            Files.move(written, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            script = target;
            return target;
        } catch (IOException | UncheckedIOException e) {
            throw new FunctionLoadException(
                    Kind.IO, code.code().subject() + ": cannot write the Python worker into " + home + ": " + e, e);
        }
    }

    private static FunctionLoadException loadFailure(PythonCode code, WorkerSupervisor.Start start) {
        String subject = code.code().subject();
        if (start instanceof WorkerSupervisor.Start.Refused refused) {
            JsonNode error = refused.error();
            String message = error.path("message").asText();
            String trace = error.path("trace").asText("");
            return switch (refused.kind()) {
                case "syntax" ->
                    new FunctionLoadException(
                            Kind.COMPILE,
                            subject + ": " + error.path("type").asText() + " at " + message + tail(trace));
                case "handler" -> new FunctionLoadException(Kind.HANDLER, subject + ": " + message);
                default ->
                    new FunctionLoadException(
                            Kind.INIT,
                            subject + ": importing it raised "
                                    + error.path("type").asText() + ": " + message
                                    + (error.hasNonNull("where")
                                            ? " (at " + error.path("where").asText() + ")"
                                            : "")
                                    + tail(trace),
                            PythonVersion.userCodeError(error));
            };
        }
        if (start instanceof WorkerSupervisor.Start.TimedOut timedOut) {
            return new FunctionLoadException(
                    Kind.TIMEOUT,
                    subject + ": importing it ran past the " + Seconds.of(timedOut.timeout())
                            + " s timeout; HANDLER_TIMEOUT_SECONDS bounds it like a call");
        }
        if (start instanceof WorkerSupervisor.Start.Died died) {
            return new FunctionLoadException(
                    Kind.INIT,
                    subject + ": the Python worker exited while importing it (" + died.how() + ")"
                            + (died.lastWords().isEmpty() ? "" : "; its last words on stderr:\n" + died.lastWords()));
        }
        IOException cause = ((WorkerSupervisor.Start.Unstartable) start).cause();
        return new FunctionLoadException(Kind.NO_PYTHON, subject + ": cannot start Python: " + cause, cause);
    }

    private static String tail(String trace) {
        return trace.isBlank() ? "" : "\n" + trace.stripTrailing();
    }
}
