package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Pipeline;

/**
 * REDIS_INPUT_KEY as a pattern, against the real jar: every matching key is an instance of its own, with its own env,
 * state and output; several replicas share the keys, each served by exactly one at a time, and the keys of a replica
 * that dies move to the others with their env intact.
 */
@ExtendWith(RedisExtension.class)
class FleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private TestRedis redis;

    @BeforeEach
    void notifications(TestRedis redis) {
        this.redis = redis;
        redis.client().flushAll();
        redis.client().configSet("notify-keyspace-events", "K$");
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, name);
        env.put("REDIS_INPUT_KEY", name + "-in:*");
        env.put("TRIGGER", "notify");
        env.put("CODE_CACHE_DIR", dir.resolve("code").toString());
        return env;
    }

    /** Sets {"value": round} on every host's key, in one pipeline. */
    private void sendAll(String name, int hosts, int round) {
        try (Pipeline pipeline = redis.client().pipelined()) {
            for (int host = 0; host < hosts; host++) {
                pipeline.set(name + "-in:host-" + host, "{\"value\":" + round + "}");
            }
            pipeline.sync();
        }
    }

    private JsonNode read(String key) {
        try {
            String raw = redis.client().get(key);
            return raw == null ? null : JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private boolean allAt(String name, int hosts, int round) {
        for (int host = 0; host < hosts; host++) {
            JsonNode output = read(name + "-out:host-" + host);
            if (output == null || output.path("value").asInt() != round) {
                return false;
            }
        }
        return true;
    }

    @Test
    void oneRuntimeServesFiftyKeysEachWithItsOwnEnvStateAndOutput() {
        try (RuntimeJar runtime = RuntimeJar.start("fleet-50", env("fifty"))) {
            for (int round = 1; round <= 3; round++) {
                sendAll("fifty", 50, round);
                int expected = round;
                await().atMost(LONG).until(() -> allAt("fifty", 50, expected));
            }
            for (int host = 0; host < 50; host++) {
                JsonNode state = read("fifty-out:host-" + host + ":env");
                assertThat(state.at("/env/seen").toString())
                        .as("host %d's own env", host)
                        .isEqualTo("[1,2,3]");
                assertThat(read("fifty-out:host-" + host + ":status").path("ok").asBoolean())
                        .isTrue();
                assertThat(read("fifty-out:host-" + host).at("/keys/0").asText())
                        .isEqualTo("fifty-in:host-" + host);
            }
            redis.client().set("fifty-in:late", "{\"value\":9}");
            await().atMost(Duration.ofSeconds(10)).until(() -> read("fifty-out:late") != null);
            assertThat(runtime.get("/readyz").body()).contains("serving 51 of 51 keys");
        }
    }

    @Test
    void threeReplicasShareThreeHundredKeysAndTakeOverFromOneThatIsKilled() throws Exception {
        int hosts = 300;
        Map<String, String> env = env("shared");
        env.put("LEASE_SECONDS", "2");
        env.put("POISON_RETRIES", "20");
        List<RuntimeJar> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                replicas.add(RuntimeJar.start("fleet-replica-" + i, env));
            }
            sendAll("shared", hosts, 1);
            await().atMost(LONG).until(() -> allAt("shared", hosts, 1));
            await().atMost(LONG).until(() -> leases(replicas) == hosts);
            for (RuntimeJar replica : replicas) {
                assertThat(replica.metric("fnpulse_lease_held"))
                        .as("every replica serves a share")
                        .isEqualTo(1);
            }
            assertThat(owners(hosts))
                    .as("each key served by exactly one replica")
                    .hasSize(hosts);

            RuntimeJar killed = replicas.remove(0);
            killed.process().kill();
            killed.close();
            await().atMost(LONG).until(() -> leases(replicas) == hosts);
            sendAll("shared", hosts, 2);
            await().atMost(LONG).until(() -> allAt("shared", hosts, 2));

            RuntimeJar joined = RuntimeJar.start("fleet-replica-joined", env);
            replicas.add(joined);
            await().atMost(LONG).until(() -> leases(replicas) == hosts && joined.metric("fnpulse_lease_held") == 1);
            sendAll("shared", hosts, 3);
            await().atMost(LONG).until(() -> allAt("shared", hosts, 3));

            for (int host = 0; host < hosts; host++) {
                assertThat(read("shared-out:host-" + host + ":env")
                                .at("/env/seen")
                                .toString())
                        .as("host %d: every round applied once, env carried across the takeover", host)
                        .isEqualTo("[1,2,3]");
            }
        } finally {
            replicas.forEach(RuntimeJar::close);
        }
    }

    /** The lease holder of every key's lock: one per key, whoever it is. */
    private Map<String, String> owners(int hosts) {
        Map<String, String> owners = new HashMap<>();
        for (int host = 0; host < hosts; host++) {
            String holder = redis.client().get("shared-out:host-" + host + ":lock");
            if (holder != null) {
                owners.put("host-" + host, holder);
            }
        }
        return owners;
    }

    private long leases(List<RuntimeJar> replicas) {
        long held = 0;
        for (String key : redis.client().keys("shared-out:*:lock")) {
            held += redis.client().get(key) != null ? 1 : 0;
        }
        return replicas.isEmpty() ? 0 : held;
    }
}
