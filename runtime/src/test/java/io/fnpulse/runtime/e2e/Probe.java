package io.fnpulse.runtime.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.function.Predicate;
import redis.clients.jedis.StreamEntryID;

/** Reads what a runtime running the probe function left in Redis: its output, state, status and dead letters. */
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

    /** The oldest entry of the dead letters ({@code <output key>:dead}), as JSON. */
    JsonNode firstDeadLetter() {
        String deadLetters = outputKey + ":dead";
        var entries = redis.client().xrange(deadLetters, (StreamEntryID) null, null, 1);
        if (entries.isEmpty()) {
            throw new AssertionError(deadLetters + " holds no dead letter");
        }
        return parse(deadLetters, entries.get(0).getFields().get("data"));
    }

    private JsonNode read(String key) {
        return parse(key, redis.client().get(key));
    }

    private static JsonNode parse(String key, String raw) {
        try {
            return raw == null ? null : JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw new AssertionError(key + " does not hold JSON: " + raw, e);
        }
    }
}
