package io.fnpulse.runtime.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.text.Seconds;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one version's worker process there: notices when it ends and starts another — at once after a call ran past
 * its deadline or died in it, after a growing pause (capped) when workers keep exiting while no call runs. A new
 * worker imports the module while the runtime goes on; the next call waits for it, under the import timeout.
 *
 * <p>Everything but the exit watch runs under the version's call lock. The exit watch only tries the lock: when a
 * call holds it, that call sees the end itself.
 */
final class WorkerSupervisor {

    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** A load answer holds a traceback at most; far less than this. */
    private static final int MAX_LOAD_REPLY_BYTES = 1024 * 1024;

    /** How waiting for a worker to import the module came out. */
    sealed interface Start {
        record Ready(PythonWorker worker, String entry, String python) implements Start {}

        /** The worker could not import the module or find the function: a syntax error, an exception, a name. */
        record Refused(String kind, JsonNode error) implements Start {}

        record TimedOut(Duration timeout) implements Start {}

        record Died(String how, String lastWords) implements Start {}

        record Unstartable(IOException cause) implements Start {}
    }

    /** Starts a worker process for the version and sends it the code to load. */
    @FunctionalInterface
    interface Launcher {
        PythonWorker launch() throws IOException;
    }

    private final String version;
    private final Launcher launcher;
    private final ObjectMapper json;
    private final ScheduledExecutorService scheduler;
    private final WorkerStats stats;
    private final Backoff backoff;
    private final ReentrantLock lock;
    private PythonWorker current;
    private ScheduledFuture<?> restart;
    private volatile boolean closed;

    WorkerSupervisor(
            String version,
            Launcher launcher,
            ObjectMapper json,
            ScheduledExecutorService scheduler,
            WorkerStats stats,
            Backoff backoff,
            ReentrantLock lock,
            PythonWorker first) {
        this.version = version;
        this.launcher = launcher;
        this.json = json;
        this.scheduler = scheduler;
        this.stats = stats;
        this.backoff = backoff;
        this.lock = lock;
        this.current = first;
        watch(first);
    }

    /** Waits at most {@code timeout} for a worker to answer its load frame; kills it unless it is ready. */
    static Start awaitReady(
            PythonWorker worker, ObjectMapper json, ScheduledExecutorService scheduler, Duration timeout) {
        ScheduledFuture<?> deadline = worker.deadline(scheduler, timeout);
        Frames.Frame reply;
        try {
            reply = worker.receive(json, MAX_LOAD_REPLY_BYTES);
        } catch (IOException e) {
            deadline.cancel(false);
            if (worker.expired()) {
                return new Start.TimedOut(timeout);
            }
            String how = e instanceof EOFException ? worker.howItEnded() : e.getMessage();
            worker.kill();
            return new Start.Died(how, worker.lastWords());
        }
        deadline.cancel(false);
        if (worker.expired()) {
            return new Start.TimedOut(timeout);
        }
        JsonNode header = reply.header();
        if (!header.path("ok").asBoolean()) {
            worker.kill();
            return new Start.Refused(header.path("kind").asText("import"), header.path("error"));
        }
        worker.ready();
        return new Start.Ready(
                worker, header.path("entry").asText(), header.path("python").asText());
    }

    /**
     * A worker ready for a call: the current one, else a new one once it imported the module (at most
     * {@code importTimeout}). Under the call lock.
     */
    Start worker(Duration importTimeout) {
        if (closed) {
            return new Start.Died("the version was replaced", "");
        }
        PythonWorker worker = current;
        if (worker != null && !worker.alive()) {
            endedBetweenCalls(worker);
            worker = null;
        }
        if (worker == null) {
            try {
                worker = startNew();
            } catch (IOException e) {
                scheduleRestart();
                return new Start.Unstartable(e);
            }
        }
        if (worker.isReady()) {
            return new Start.Ready(worker, "", "");
        }
        Start start = awaitReady(worker, json, scheduler, importTimeout);
        if (!(start instanceof Start.Ready)) {
            worker.accountFor();
            current = null;
            if (start instanceof Start.TimedOut) {
                stats.killedAtTheDeadline();
            }
            log.warn("a new worker for version {} could not start: {}", version, start);
            scheduleRestart();
        }
        return start;
    }

    /** The call's worker ran past the deadline and was killed: another one starts now. Under the call lock. */
    void killedAtDeadline(PythonWorker worker) {
        worker.accountFor();
        stats.killedAtTheDeadline();
        replaceNow(worker);
    }

    /** The call's worker died during the call: another one starts now. Under the call lock. */
    void diedInCall(PythonWorker worker) {
        worker.accountFor();
        stats.diedInCall();
        replaceNow(worker);
    }

    /** A call got its answer: the workers work, so the next exit between calls is restarted without a pause. */
    void answered() {
        backoff.reset();
    }

    /** Ends the worker; no other starts. Does not wait for a call that runs: its worker ends under it. */
    void close() {
        closed = true;
        PythonWorker worker = current;
        if (worker != null) {
            worker.close(scheduler, CLOSE_GRACE);
        }
        ScheduledFuture<?> pending = restart;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    boolean closed() {
        return closed;
    }

    private void replaceNow(PythonWorker worker) {
        if (current == worker) {
            current = null;
        }
        if (closed) {
            return;
        }
        try {
            startNew();
        } catch (IOException e) {
            log.warn("cannot restart the worker of version {}: {}", version, e.toString());
            scheduleRestart();
        }
    }

    private PythonWorker startNew() throws IOException {
        PythonWorker worker = launcher.launch();
        stats.workerStarted(true);
        current = worker;
        watch(worker);
        return worker;
    }

    private void watch(PythonWorker worker) {
        worker.whenExited(() -> exited(worker), scheduler);
    }

    /** On the scheduler when a worker's process ended; a call running now sees it by itself. */
    private void exited(PythonWorker worker) {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (worker == current && !worker.ended() && !closed) {
                endedBetweenCalls(worker);
            }
        } finally {
            lock.unlock();
        }
    }

    private void endedBetweenCalls(PythonWorker worker) {
        if (current == worker) {
            current = null;
        }
        if (!worker.accountFor() || closed) {
            return;
        }
        stats.exitedBetweenCall();
        Duration pause = scheduleRestart();
        log.warn(
                "the Python worker of version {} exited while no call ran ({}); restarting it in {} s{}",
                version,
                worker.howItEnded(),
                Seconds.of(pause),
                lastWordsShown(worker));
    }

    private Duration scheduleRestart() {
        Duration pause = backoff.nextDelay();
        if (closed || (restart != null && !restart.isDone())) {
            return pause;
        }
        restart = scheduler.schedule(this::restartIfIdle, pause.toNanos(), TimeUnit.NANOSECONDS);
        return pause;
    }

    /** Starts the worker ahead of the next call, so that call does not wait for the import; skips if a call runs. */
    private void restartIfIdle() {
        if (!lock.tryLock()) {
            return;
        }
        try {
            if (current == null && !closed) {
                startNew();
            }
        } catch (IOException e) {
            log.warn("cannot restart the worker of version {}: {}", version, e.toString());
        } finally {
            lock.unlock();
        }
    }

    static String lastWordsShown(PythonWorker worker) {
        String words = worker.lastWords();
        return words.isEmpty() ? "" : "; its last words on stderr:\n" + words;
    }
}
