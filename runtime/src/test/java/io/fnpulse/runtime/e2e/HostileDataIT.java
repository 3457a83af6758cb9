package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;

/**
 * What others leave in the runtime's keys, against the real jar: a value too large to read, keys of the wrong Redis
 * type, a saved state that does not decode, a wrong password. Each is named as that key's problem — never "Redis
 * unreachable" — and nothing is lost or wedged.
 */
@ExtendWith(RedisExtension.class)
class HostileDataIT {

    @TempDir
    Path dir;

    @Test
    void anInputOverMaxInputBytesIsNeverReadAndTheLastOutputStays(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "big");
        env.put("MAX_INPUT_BYTES", "1MiB");
        Probe probe = new Probe(redis, "big-in", "big-out");
        try (RuntimeJar runtime = RuntimeJar.start("big", env)) {
            probe.sendValue(1);
            probe.send("{\"value\":2,\"blob\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");
            JsonNode status = probe.awaitStatus(s -> !s.path("ok").asBoolean());
            assertThat(status.at("/error/message").asText())
                    .startsWith("key big-in holds 3,145,7")
                    .contains("more than MAX_INPUT_BYTES (1 MiB); it was not read");
            assertThat(probe.output().path("value").asInt()).isEqualTo(1);
            assertThat(runtime.metric("fnpulse_invocations_total{outcome=\"bad_input\"}"))
                    .isEqualTo(1);
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(runtime.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(probe.sendValue(3).path("calls").asInt()).isEqualTo(2);
            assertThat(runtime.process().findLine("unreachable")).isEmpty();
        }
    }

    @Test
    void anInputKeyOfAnotherTypeIsThatKeysProblem(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "typed");
        Probe probe = new Probe(redis, "typed-in", "typed-out");
        try (RuntimeJar runtime = RuntimeJar.start("typed", env)) {
            probe.sendValue(1);
            redis.client().del("typed-in");
            redis.client().rpush("typed-in", "{\"value\":2}");
            JsonNode status = probe.awaitStatus(s -> !s.path("ok").asBoolean());
            assertThat(status.at("/error/message").asText()).isEqualTo("key typed-in holds a list; expected a string");
            assertThat(runtime.get("/readyz").statusCode()).as("Redis answers").isEqualTo(200);
            assertThat(runtime.process().findLine("unreachable")).isEmpty();
            redis.client().del("typed-in");
            assertThat(probe.sendValue(3).path("calls").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aSavedStateThatDoesNotDecodeIsMovedAsideAndTheRuntimeStartsAfresh(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "corrupt");
        Probe probe = new Probe(redis, "corrupt-in", "corrupt-out");
        String unreadable = "{\"env\":{\"calls\":41},\"savedAt\":\"last tuesday\",\"inputDigest\":\"sha256:00\"}";
        redis.client().set("corrupt-out:env", unreadable);
        try (RuntimeJar runtime = RuntimeJar.start("corrupt", env)) {
            String line = runtime.process().awaitLine("state key corrupt-out:env cannot be used", Probe.WAIT);
            assertThat(line)
                    .contains("field savedAt: 'last tuesday' is not an ISO-8601 instant")
                    .contains("moved it to corrupt-out:env:corrupt:");
            assertThat(probe.sendValue(1).path("calls").asInt())
                    .as("an empty env")
                    .isEqualTo(1);
            String aside =
                    redis.client().keys("corrupt-out:env:corrupt:*").iterator().next();
            assertThat(redis.client().get(aside)).isEqualTo(unreadable);
        }
    }

    @Test
    void aStateKeyOfAnotherTypeIsMovedAsideNotReportedAsAnOutage(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "hashed");
        Probe probe = new Probe(redis, "hashed-in", "hashed-out");
        redis.client().hset("hashed-out:env", "env", "{}");
        try (RuntimeJar runtime = RuntimeJar.start("hashed", env)) {
            runtime.process()
                    .awaitLine(
                            "state key hashed-out:env cannot be used \\(key hashed-out:env holds a hash", Probe.WAIT);
            assertThat(probe.sendValue(1).path("calls").asInt()).isEqualTo(1);
            assertThat(redis.client()
                            .type(redis.client()
                                    .keys("hashed-out:env:corrupt:*")
                                    .iterator()
                                    .next()))
                    .isEqualTo("hash");
            assertThat(runtime.process().findLine("unreachable")).isEmpty();
        }
    }

    @Test
    void aLockKeyOfAnotherTypeIsNamedAndNothingIsInvokedUntilItGoes(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "locked");
        Probe probe = new Probe(redis, "locked-in", "locked-out");
        redis.client().sadd("locked-out:lock", "someone");
        try (RuntimeJar runtime = RuntimeJar.start("locked", env)) {
            runtime.process().awaitLine("the lease key locked-out:lock holds a set, not a lease", Probe.WAIT);
            probe.send("{\"value\":1}");
            await().atMost(Probe.WAIT).until(() -> runtime.get("/readyz").statusCode() == 503);
            assertThat(runtime.get("/readyz").body()).contains("holds a set, not a lease");
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(probe.output()).isNull();

            redis.client().del("locked-out:lock");
            assertThat(probe.awaitOutput(output -> output.path("value").asInt() == 1)
                            .path("calls")
                            .asInt())
                    .isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordReadsAsARefusedLoginNotAnOutage(TestRedis redis) {
        redis.client().sendCommand(Protocol.Command.ACL, "SETUSER", "runtime-it", "on", ">right", "~*", "+@all");
        try {
            Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "login");
            env.put("REDIS_USERNAME", "runtime-it");
            env.put("REDIS_PASSWORD", "wrong");
            try (RuntimeJar runtime = RuntimeJar.start("login", env)) {
                runtime.process().awaitLine("Redis refused the login \\(WRONGPASS", Probe.WAIT);
                HttpResponse<String> ready = await().atMost(Probe.WAIT)
                        .until(
                                () -> runtime.get("/readyz"),
                                response -> response.statusCode() == 503
                                        && response.body().contains("Redis refused the login (WRONGPASS"));
                assertThat(ready.body()).doesNotContain("unreachable");
                assertThat(runtime.metric("fnpulse_redis_errors_total{problem=\"login_refused\"}"))
                        .isPositive();
                assertThat(runtime.process().isAlive()).isTrue();
            }
        } finally {
            redis.client().sendCommand(Protocol.Command.ACL, "DELUSER", "runtime-it");
        }
    }
}
