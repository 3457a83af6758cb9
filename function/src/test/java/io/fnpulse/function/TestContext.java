package io.fnpulse.function;

import io.fnpulse.api.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The one Context a deployment would give the function: only env matters to it, and env is a plain HashMap. */
record TestContext(Map<String, Object> env) implements Context {

    TestContext() {
        this(new HashMap<>());
    }

    @Override
    public String host() {
        return "localhost";
    }

    @Override
    public int port() {
        return 6379;
    }

    @Override
    public String inputKey() {
        return "metrics";
    }

    @Override
    public String outputKey() {
        return "metrics-output";
    }

    @Override
    public Instant functionGetmtime() {
        return Instant.EPOCH;
    }

    @Override
    public Instant lastExecution() {
        return null;
    }

    @Override
    public Duration remainingTime() {
        return Duration.ofSeconds(30);
    }
}
