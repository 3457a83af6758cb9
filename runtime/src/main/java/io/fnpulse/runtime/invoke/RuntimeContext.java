package io.fnpulse.runtime.invoke;

import io.fnpulse.api.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one {@link Context} of this runtime: every call sees this same object. The runtime moves it along between
 * calls (the deadline, the last execution, the code's modification time) and owns the env map's rollback.
 */
public final class RuntimeContext implements Context {

    private final String host;
    private final int port;
    private final String inputKey;
    private final String outputKey;
    private volatile Map<String, Object> env = new LinkedHashMap<>();
    private volatile Instant lastExecution;
    private volatile Instant functionGetmtime;
    private volatile long deadlineNanos;

    public RuntimeContext(String host, int port, String inputKey, String outputKey) {
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

    @Override
    public Map<String, Object> env() {
        return env;
    }

    @Override
    public Duration remainingTime() {
        long left = deadlineNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    void startCall(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Puts the env back to a saved copy, keeping the map a function may hold a reference to. */
    void restoreEnvInPlace(Map<String, Object> saved) {
        env.clear();
        env.putAll(saved);
    }

    /**
     * Swaps in a fresh env map: for a call that was abandoned while still running, which may go on writing to the
     * map it holds.
     */
    void replaceEnv(Map<String, Object> saved) {
        env = new LinkedHashMap<>(saved);
    }

    /** The env restored from the state key at start or on taking over from another replica. */
    public void restoreEnv(Map<String, Object> saved) {
        replaceEnv(saved);
    }

    public void executedAt(Instant when) {
        this.lastExecution = when;
    }

    public void codeModifiedAt(Instant when) {
        this.functionGetmtime = when;
    }
}
