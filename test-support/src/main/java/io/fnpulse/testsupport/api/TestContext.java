package io.fnpulse.testsupport.api;

import io.fnpulse.api.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The runtime's side of the function contract, as a test plays it: fixed keys and times, and an env that is a plain
 * HashMap the test can look into.
 */
public record TestContext(Map<String, Object> env) implements Context {

    public TestContext() {
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
