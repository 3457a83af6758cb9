package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every failure that a bad input or a misbehaving function can cause, against the real jar: the last
 * good output stays, the status names the error, the env is rolled back, the failure is counted, the process lives.
 */
@ExtendWith(RedisExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureSurvivalIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AtomicInteger sequence = new AtomicInteger();
    private TestRedis redis;
    private RuntimeJar runtime;

    @BeforeAll
    void startRuntime(TestRedis redis) throws Exception {
        this.redis = redis;
        Path dir = Files.createTempDirectory("probe");
        runtime = RuntimeJar.start("failure-survival", RuntimeJar.probeEnv(redis, dir, "probe"));
    }

    @AfterAll
    void stopRuntime() {
        runtime.close();
    }

    @Test
    void keepsLastOutputWhenInputIsNotJson() throws Exception {
        assertFailureKeepsEverything(
                "{\"value\": 1,", "io.fnpulse.runtime.invoke.InvalidInputException", "not valid JSON", "bad_input");
    }

    @Test
    void keepsLastOutputWhenInputIsAJsonArray() throws Exception {
        assertFailureKeepsEverything(
                "[1, 2, 3]",
                "io.fnpulse.runtime.invoke.InvalidInputException",
                "is a JSON array, not a JSON object",
                "bad_input");
    }

    @Test
    void keepsLastOutputWhenInputIsEmpty() throws Exception {
        assertFailureKeepsEverything("", "io.fnpulse.runtime.invoke.InvalidInputException", "empty", "bad_input");
    }

    @Test
    void rollsBackEnvWhenTheFunctionThrows() throws Exception {
        JsonNode status = assertFailureKeepsEverything(
                "{\"action\":\"throw\",\"value\":\"boom\"}",
                "java.lang.IllegalStateException",
                "asked to fail: boom",
                "function_error");
        assertThat(status.at("/error/stackTrace").asText()).contains("probe.ProbeFunction.handle");
    }

    @Test
    void refusesAResultOverOneMebibyte() throws Exception {
        assertFailureKeepsEverything(
                "{\"action\":\"huge\"}",
                "io.fnpulse.runtime.invoke.InvalidResultException",
                "serialises to more than 1 MiB",
                "bad_result");
    }

    @Test
    void refusesAResultThatCannotBeSerialised() throws Exception {
        assertFailureKeepsEverything(
                "{\"action\":\"unserialisable\"}",
                "io.fnpulse.runtime.invoke.InvalidResultException",
                "cannot be serialised to JSON",
                "bad_result");
    }

    @Test
    void refusesAResultThatIsNotAJsonObject() throws Exception {
        assertFailureKeepsEverything(
                "{\"action\":\"string\"}",
                "io.fnpulse.runtime.invoke.InvalidResultException",
                "not a JSON object",
                "bad_result");
    }

    @Test
    void refusesAnEnvThatCannotBeSaved() throws Exception {
        assertFailureKeepsEverything(
                "{\"action\":\"badenv\"}",
                "io.fnpulse.runtime.invoke.InvalidEnvException",
                "context.env cannot be serialised",
                "bad_env");
    }

    @Test
    void writesNothingWhenTheFunctionReturnsNull() throws Exception {
        JsonNode before = establishGoodOutput();
        redis.client().set("probe-in", "{\"action\":\"nothing\",\"value\":" + sequence.incrementAndGet() + "}");
        JsonNode status = awaitStatus(s -> s.path("ok").asBoolean()
                && s.path("updatedAt")
                                .asText()
                                .compareTo(before.path("updatedAt").asText())
                        > 0);
        assertThat(status.path("error").isNull()).isTrue();
        assertThat(JSON.readTree(redis.client().get("probe-out"))).isEqualTo(before.get("output"));
        assertThat(envCalls()).isEqualTo(before.path("calls").asInt() + 1);
    }

    @Test
    void logsARepeatedFailureOnce() throws Exception {
        establishGoodOutput();
        redis.client().set("probe-in", "{\"action\":\"throw\",\"value\":\"same-cause\"}");
        runtime.process().awaitLine("asked to fail: same-cause", WAIT);
        // the same failing input stays in place for many polls; its failure is reported once
        await().during(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() -> runtime.process().isAlive());
        assertThat(runtime.process().countLines("asked to fail: same-cause")).isEqualTo(1);
    }

    /** Sets a fresh good input and waits for its output; returns the status with the output and env count. */
    private JsonNode establishGoodOutput() throws Exception {
        int value = sequence.incrementAndGet();
        redis.client().set("probe-in", "{\"value\":" + value + "}");
        await().atMost(WAIT).until(() -> {
            String out = redis.client().get("probe-out");
            return out != null && JSON.readTree(out).path("value").asInt() == value;
        });
        JsonNode status = JSON.readTree(redis.client().get("probe-out:status"));
        assertThat(status.path("ok").asBoolean()).isTrue();
        var node = JSON.createObjectNode();
        node.set("output", JSON.readTree(redis.client().get("probe-out")));
        node.put("calls", envCalls());
        node.put("updatedAt", status.path("updatedAt").asText());
        return node;
    }

    private JsonNode assertFailureKeepsEverything(String badInput, String errorType, String messagePart, String outcome)
            throws Exception {
        JsonNode before = establishGoodOutput();
        double failuresBefore = runtime.metric("fnpulse_invocations_total{outcome=\"" + outcome + "\"}");

        redis.client().set("probe-in", badInput);
        JsonNode status = awaitStatus(s -> !s.path("ok").asBoolean()
                && s.path("updatedAt")
                                .asText()
                                .compareTo(before.path("updatedAt").asText())
                        > 0);

        assertThat(status.at("/error/type").asText()).isEqualTo(errorType);
        assertThat(status.at("/error/message").asText()).contains(messagePart);
        assertThat(JSON.readTree(redis.client().get("probe-out")))
                .as("last good output")
                .isEqualTo(before.get("output"));
        assertThat(envCalls())
                .as("env rolled back")
                .isEqualTo(before.path("calls").asInt());
        assertThat(runtime.metric("fnpulse_invocations_total{outcome=\"" + outcome + "\"}"))
                .isEqualTo(failuresBefore + 1);
        assertThat(runtime.process().isAlive()).isTrue();
        assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);

        JsonNode after = establishGoodOutput();
        assertThat(after.path("output").path("calls").asInt())
                .as("the next call continues from the rolled-back env")
                .isEqualTo(before.path("calls").asInt() + 1);
        return status;
    }

    private JsonNode awaitStatus(java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(WAIT)
                .until(
                        () -> {
                            String raw = redis.client().get("probe-out:status");
                            return raw == null ? null : JSON.readTree(raw);
                        },
                        status -> status != null && condition.test(status));
    }

    private int envCalls() throws Exception {
        return JSON.readTree(redis.client().get("probe-out:env"))
                .at("/env/calls")
                .asInt();
    }
}
