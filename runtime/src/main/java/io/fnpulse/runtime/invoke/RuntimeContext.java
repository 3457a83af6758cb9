package io.fnpulse.runtime.invoke;

import io.fnpulse.api.Context;
import io.fnpulse.runtime.state.EnvForm;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one {@link Context} of this runtime: every call sees this same object. The env it hands out belongs to the
 * call asking (see {@link CallScope}); the env that outlives calls, the live env, only ever changes to what a
 * successful call left, once that is saved, normalised through JSON so that it is exactly what a restart restores.
 * The live env is in the form of the language of the version that left it (plain JSON for Java, the typed form for
 * Python), and passes to the other form when a version of the other language is called.
 */
public final class RuntimeContext implements Context {

    private final String host;
    private final int port;
    private final String inputKey;
    private final String outputKey;
    /** Which call a thread belongs to, inherited by the threads a call starts, so their writes go to its copy. */
    private final CallScopes calls;

    private volatile Map<String, Object> liveEnv = new LinkedHashMap<>();
    private volatile EnvForm liveForm = EnvForm.JSON;
    private volatile Instant lastExecution;
    private volatile Instant functionGetmtime;

    public RuntimeContext(String host, int port, String inputKey, String outputKey) {
        this(host, port, inputKey, outputKey, new CallScopes());
    }

    /** One of several contexts (one per served key) sharing the runtime's call scopes. */
    public RuntimeContext(String host, int port, String inputKey, String outputKey, CallScopes calls) {
        this.calls = calls;
        this.host = host;
        this.port = port;
        this.inputKey = inputKey;
        this.outputKey = outputKey;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String inputKey() {
        return inputKey;
    }

    @Override
    public String outputKey() {
        return outputKey;
    }

    @Override
    public Instant functionGetmtime() {
        return functionGetmtime;
    }

    @Override
    public Instant lastExecution() {
        return lastExecution;
    }

    /**
     * The calling call's env. A thread that belongs to no call (one started from a static initialiser, say) gets a
     * fresh copy of the live env, whose changes go nowhere.
     */
    @Override
    public Map<String, Object> env() {
        CallScope scope = calls.current();
        return scope != null && scope.context() == this ? scope.env() : JsonValues.copyOf(liveEnv);
    }

    @Override
    public Duration remainingTime() {
        CallScope scope = calls.current();
        if (scope == null || scope.context() != this) {
            return Duration.ZERO;
        }
        long left = scope.deadlineNanos() - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** A new call's scope: a deep copy of the live env, the deadline, and a capture of its printing. */
    CallScope newCall(long deadlineNanos, int captureBytes) {
        return new CallScope(
                this, JsonValues.copyOf(liveEnv(EnvForm.JSON)), deadlineNanos, new CallOutput(captureBytes));
    }

    /** The call scopes this context shares with the runtime's others. */
    public CallScopes calls() {
        return calls;
    }

    /** Binds the scope to the calling thread (and to the threads it starts from now on); null unbinds. */
    void enter(CallScope scope) {
        if (scope == null) {
            calls.leave();
        } else {
            calls.enter(scope);
        }
    }

    /**
     * The live env itself, not a copy, in {@code form}: passed to that form first if it is in the other. For a call
     * that runs outside the JVM, which only reads it (to send it) and may tell by its identity whether it changed
     * since its last call; and before a Java call copies it.
     */
    Map<String, Object> liveEnv(EnvForm form) {
        if (liveForm != form) {
            liveEnv = form.from(liveForm, liveEnv);
            liveForm = form;
        }
        return liveEnv;
    }

    /** The form the live env is in. */
    public EnvForm envForm() {
        return liveForm;
    }

    /** The env a successful call left, normalised, once its state is saved: the next call starts from it. */
    public void commitEnv(Map<String, Object> normalised, EnvForm form) {
        liveEnv = normalised;
        liveForm = form;
    }

    /** The env restored from the state key at start or on taking over from another replica, in its saved form. */
    public void restoreEnv(Map<String, Object> saved, EnvForm form) {
        liveEnv = saved;
        liveForm = form;
    }

    /** A plain JSON env restored (a Java function's, or one given to the author's tools). */
    public void restoreEnv(Map<String, Object> saved) {
        restoreEnv(saved, EnvForm.JSON);
    }

    /**
     * The live env (in its form) and the last execution at one moment: what a run of calls goes back to if its commit
     * fails.
     */
    public record Snapshot(Map<String, Object> liveEnv, EnvForm liveForm, Instant lastExecution) {}

    public Snapshot snapshot() {
        return new Snapshot(liveEnv, liveForm, lastExecution);
    }

    /** Back to the snapshot: the calls made since were not committed, so the next ones start where it was. */
    public void restore(Snapshot snapshot) {
        liveEnv = snapshot.liveEnv();
        liveForm = snapshot.liveForm();
        lastExecution = snapshot.lastExecution();
    }

    /** The live env's size, for a log line. */
    public int envSize() {
        return liveEnv.size();
    }

    public void executedAt(Instant when) {
        this.lastExecution = when;
    }

    public void codeModifiedAt(Instant when) {
        this.functionGetmtime = when;
    }
}
