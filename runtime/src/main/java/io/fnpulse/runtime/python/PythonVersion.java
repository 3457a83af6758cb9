package io.fnpulse.runtime.python;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.ExternalCall;
import io.fnpulse.runtime.invoke.ExternalFunction;
import io.fnpulse.runtime.invoke.HandlerTimeoutException;
import io.fnpulse.runtime.invoke.InvalidEnvException;
import io.fnpulse.runtime.invoke.InvalidResultException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.UnreadableEnvException;
import io.fnpulse.runtime.invoke.UserCodeError;
import io.fnpulse.runtime.invoke.WorkerDiedException;
import io.fnpulse.runtime.load.PythonCode;
import io.fnpulse.runtime.load.PythonLoader;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.text.Seconds;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded version of a Python function: its calls go, one at a time and in order, to its worker process, each
 * under its deadline, and come back as the same {@link Outcome}s a Java call comes to.
 *
 * <p>The env travels in its saved form (typed JSON, see fnpulse_worker.py). After a successful call the worker keeps
 * the env the function left, unless it shares a value between two places (which its saved form would not); as
 * long as the runtime's live env is the very map that call produced — it committed it — the next call only names it
 * instead of sending it again.
 */
final class PythonVersion implements PythonLoader.Version, ExternalFunction {

    private static final Logger log = LoggerFactory.getLogger(PythonVersion.class);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    /** An answer carries at most the output (1 MiB), the env (16 MiB), what was printed and a traceback. */
    private static final int MAX_ANSWER_BYTES = 20 * 1024 * 1024;

    private final PythonCode code;
    private final String entry;
    private final String python;
    private final ObjectMapper json;
    private final ScheduledExecutorService scheduler;
    private final WorkerSupervisor workers;
    private final ReentrantLock lock;
    private long tokens;
    /** The env map the current worker holds from its last call, and the token it knows it by. */
    private Map<String, Object> heldEnv;

    private PythonWorker heldBy;
    private long heldToken;

    PythonVersion(
            PythonCode code,
            String entry,
            String python,
            ObjectMapper json,
            ScheduledExecutorService scheduler,
            WorkerSupervisor workers,
            ReentrantLock lock) {
        this.code = code;
        this.entry = entry;
        this.python = python;
        this.json = json;
        this.scheduler = scheduler;
        this.workers = workers;
        this.lock = lock;
    }

    @Override
    public String version() {
        return code.code().version();
    }

    @Override
    public Instant modifiedAt() {
        return code.code().modifiedAt();
    }

    @Override
    public EnvForm envForm() {
        return EnvForm.PYTHON;
    }

    @Override
    public String describe() {
        return entry + " from " + code.code().origin() + " (" + version() + ", Python " + python + ")";
    }

    @Override
    public Outcome call(ExternalCall call) throws InterruptedException {
        long start = System.nanoTime();
        lock.lockInterruptibly();
        try {
            WorkerSupervisor.Start worker = workers.worker(code.importTimeout());
            if (!(worker instanceof WorkerSupervisor.Start.Ready ready)) {
                forgetHeldEnv();
                return notStarted(worker, start);
            }
            return exchange(ready.worker(), call, start);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        workers.close();
    }

    private Outcome exchange(PythonWorker worker, ExternalCall call, long start) {
        byte[] input;
        byte[] env;
        try {
            input = json.writeValueAsBytes(call.input());
            env = heldEnv == call.env() && heldBy == worker ? null : serialised(call.env());
        } catch (IOException e) {
            // decoded from JSON, both always write back; this would be a bug of the runtime's, not the function's
            throw new IllegalStateException("the input or the live env does not serialise", e);
        }
        for (int attempt = 0; ; attempt++) {
            long hold = ++tokens;
            Frames.Frame answer;
            ScheduledFuture<?> deadline = worker.deadline(scheduler, call.timeout());
            try {
                ObjectNode header = header(call, hold, env == null ? heldToken : null);
                if (env == null) {
                    worker.send(json, header, input);
                } else {
                    worker.send(json, header, input, env);
                }
                answer = worker.receive(json, MAX_ANSWER_BYTES);
            } catch (IOException e) {
                deadline.cancel(false);
                forgetHeldEnv();
                return lost(worker, call, e, start);
            }
            deadline.cancel(false);
            if (worker.expired()) {
                // the answer came as the deadline passed: it stands, but the worker is being killed
                workers.killedAtDeadline(worker);
            }
            workers.answered();
            JsonNode header = answer.header();
            String kind = header.path("kind").asText();
            if (kind.equals("need_env") && attempt == 0) {
                env = serialised(call.env());
                continue;
            }
            return answered(kind, header, answer, worker, hold, start);
        }
    }

    private byte[] serialised(Map<String, Object> env) {
        try {
            return json.writeValueAsBytes(env);
        } catch (IOException e) {
            throw new IllegalStateException("the live env does not serialise", e);
        }
    }

    private ObjectNode header(ExternalCall call, long hold, Long envToken) {
        ExternalCall.Facts facts = call.facts();
        ObjectNode header = json.createObjectNode()
                .put("op", "call")
                .put("host", facts.host())
                .put("port", facts.port())
                .put("inputKey", facts.inputKey())
                .put("modifiedAt", facts.functionGetmtime().toEpochMilli())
                .put("capture", call.captureBytes())
                .put("hold", hold);
        facts.outputKey().ifPresent(key -> header.put("outputKey", key));
        facts.lastExecution().ifPresent(when -> header.put("lastExecution", when.toEpochMilli()));
        if (envToken != null) {
            header.put("envToken", envToken);
        }
        return header;
    }

    private Outcome answered(
            String kind, JsonNode header, Frames.Frame answer, PythonWorker worker, long hold, long start) {
        Captured captured = new Captured(
                header.path("stdout").asText(""),
                header.path("stdoutMore").asLong(0),
                header.path("stderr").asText(""),
                header.path("stderrMore").asLong(0));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (!kind.equals("success")) {
            forgetHeldEnv();
            return new Outcome.Failure(failureKind(kind), cause(kind, header.path("error")), took, captured);
        }
        if (answer.parts() != 2) {
            forgetHeldEnv();
            return new Outcome.Failure(
                    CallOutcome.FUNCTION_ERROR,
                    new IOException("the worker answered with " + answer.parts() + " parts instead of 2"),
                    took,
                    captured);
        }
        String envJson = answer.text(1);
        Map<String, Object> env;
        try {
            env = json.readValue(envJson, MAP);
        } catch (IOException e) {
            forgetHeldEnv();
            return new Outcome.Failure(
                    CallOutcome.BAD_ENV,
                    new InvalidEnvException("the worker's saved form of env is not a JSON object: " + e.getMessage()),
                    took,
                    captured);
        }
        if (header.path("held").asBoolean()) {
            heldEnv = env;
            heldBy = worker;
            heldToken = hold;
        } else {
            forgetHeldEnv();
        }
        Optional<String> output = answer.lengths()[0] == 0 ? Optional.empty() : Optional.of(answer.text(0));
        return new Outcome.Success(output, LazyText.of(envJson), env, EnvForm.PYTHON, took, captured);
    }

    private static CallOutcome failureKind(String kind) {
        return switch (kind) {
            case "bad_result" -> CallOutcome.BAD_RESULT;
            case "bad_env", "bad_state" -> CallOutcome.BAD_ENV;
            default -> CallOutcome.FUNCTION_ERROR;
        };
    }

    private static Exception cause(String kind, JsonNode error) {
        String message = error.path("message").asText("the worker gave no message");
        return switch (kind) {
            case "function_error" -> userCodeError(error);
            case "bad_result" -> new InvalidResultException(message);
            case "bad_env" -> new InvalidEnvException(message);
            case "bad_state" -> new UnreadableEnvException(message);
            default -> new IOException("the worker answered '" + kind + "': " + message);
        };
    }

    static UserCodeError userCodeError(JsonNode error) {
        return new UserCodeError(
                error.path("type").asText("Exception"),
                error.path("message").asText(""),
                error.path("trace").asText(""),
                error.hasNonNull("where") ? Optional.of(error.path("where").asText()) : Optional.empty());
    }

    /** The worker went away during the call: killed at the deadline, died, or broke the protocol. */
    private Outcome lost(PythonWorker worker, ExternalCall call, IOException problem, long start) {
        if (worker.expired()) {
            workers.killedAtDeadline(worker);
            String message = "the call ran past the " + Seconds.of(call.timeout()) + " s timeout; its Python worker"
                    + " was killed and is restarting";
            log.warn("version {}: {}", version(), message);
            return new Outcome.Failure(
                    CallOutcome.TIMEOUT, new HandlerTimeoutException(message), since(start), Captured.NOTHING);
        }
        if (workers.closed()) {
            worker.kill();
            return new Outcome.Failure(
                    CallOutcome.FUNCTION_ERROR,
                    new IOException("version " + version() + " was replaced while the call ran"),
                    since(start),
                    Captured.NOTHING);
        }
        if (problem instanceof Frames.ProtocolException) {
            worker.kill();
        }
        String how = problem instanceof Frames.ProtocolException ? problem.getMessage() : worker.howItEnded();
        workers.diedInCall(worker);
        String message =
                "the Python worker died during the call (" + how + ")" + WorkerSupervisor.lastWordsShown(worker);
        log.warn("version {}: {}; a new worker is starting", version(), message);
        return new Outcome.Died(new WorkerDiedException(message), since(start), Captured.NOTHING, Optional.empty());
    }

    /** No worker could be had for the call: a restart failed to import the module, hung, or could not start. */
    private Outcome notStarted(WorkerSupervisor.Start start, long began) {
        String restarting = "restarting the Python worker of version " + version() + ": ";
        Outcome.Failure failure;
        if (start instanceof WorkerSupervisor.Start.Refused refused) {
            failure = new Outcome.Failure(CallOutcome.FUNCTION_ERROR, userCodeError(refused.error()), since(began));
        } else if (start instanceof WorkerSupervisor.Start.TimedOut timedOut) {
            failure = new Outcome.Failure(
                    CallOutcome.TIMEOUT,
                    new HandlerTimeoutException(restarting + "importing the module ran past the "
                            + Seconds.of(timedOut.timeout()) + " s timeout"),
                    since(began));
        } else if (start instanceof WorkerSupervisor.Start.Died died) {
            failure = new Outcome.Failure(
                    CallOutcome.FUNCTION_ERROR,
                    new IOException(restarting + "it exited while importing the module (" + died.how() + ")"
                            + (died.lastWords().isEmpty() ? "" : ":\n" + died.lastWords())),
                    since(began));
        } else {
            IOException cause = ((WorkerSupervisor.Start.Unstartable) start).cause();
            failure = new Outcome.Failure(
                    CallOutcome.FUNCTION_ERROR,
                    new IOException(restarting + "cannot start it: " + cause.getMessage(), cause),
                    since(began));
        }
        log.warn("{}", failure.message());
        return failure;
    }

    private void forgetHeldEnv() {
        heldEnv = null;
        heldBy = null;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
