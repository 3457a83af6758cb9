package io.fnpulse.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the runtime tells a function about where it runs. One instance per deployment: every call sees the same
 * object, so {@link #env()} is the place for state that must outlive a call.
 */
public interface Context {

    /** Host of the Redis server the runtime reads from and writes to. */
    String host();

    /** Port of that Redis server. */
    int port();

    /** The key whose new values trigger this function. */
    String inputKey();

    /** The key the function's result is written to, or {@code null} when results are only logged. */
    String outputKey();

    /** Last modification time of the loaded function code. */
    Instant functionGetmtime();

    /** When the last successful call's output was written; {@code null} before the first one. */
    Instant lastExecution();

    /**
     * Mutable state kept across calls, code reloads and runtime restarts. Keep it JSON-friendly (maps, lists,
     * strings, numbers, booleans, nulls): it is saved to Redis after every successful call and restored at start.
     * A failed call's changes are rolled back.
     */
    Map<String, Object> env();

    /** Time left before this call's timeout; the call is abandoned when it runs out. */
    Duration remainingTime();
}
