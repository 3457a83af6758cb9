package io.fnpulse.runtime.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.function.Predicate;

/** Reads what a runtime running the probe function left in Redis: its output, state and status. */
record Probe(TestRedis redis, String inputKey, String outputKey) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(30);

    void send(String json) {
        redis.client().set(inputKey, json);
    }

    /** Sends {"value": n} and waits until the output carries it. */
    JsonNode sendValue(int value) {
        send("{\"value\":" + value + "}");
        return awaitOutput(output -> output.path("value").asInt() == value);
    }

    JsonNode awaitOutput(Predicate<JsonNode> condition) {
        return await().atMost(WAIT).until(() -> read(outputKey), node -> node != null && condition.test(node));
    }

    JsonNode awaitStatus(Predicate<JsonNode> condition) {
        return await().atMost(WAIT)
                .until(() -> read(outputKey + ":status"), node -> node != null && condition.test(node));
    }

    JsonNode output() {
        return read(outputKey);
    }

    JsonNode state() {
        return read(outputKey + ":env");
    }

    JsonNode status() {
        return read(outputKey + ":status");
    }

    private JsonNode read(String key) {
        String raw = redis.client().get(key);
        try {
            return raw == null ? null : JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw new AssertionError(key + " does not hold JSON: " + raw, e);
        }
    }
}
