package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * REDIS_INPUT_KEY as a pattern, against the real jar: every matching key is an instance of its own, with its own env,
 * state and output; several replicas share the keys, each served by exactly one at a time, and the keys of a replica
 * that dies move to the others with their env intact. With TRIGGER=stream and REDIS_INPUT_STREAM a pattern too (as
 * k8s/overlays/fleet ships it), every host's stream is served, a notification for any of them wakes the runtime,
 * stopping gives back every lease and the membership, the dead letters are handled per instance, and the backlog
 * counts only what this replica serves.
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
        redis.client().configSet("notify-keyspace-events", "K$t");
    }

    private Map<String, String> env(String name) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, name);
        env.put("REDIS_INPUT_KEY", name + "-in:*");
        env.put("TRIGGER", "notify");
        env.put("CODE_CACHE_DIR", dir.resolve("code").toString());
        return env;
    }

    /** The fleet overlay's settings: every {@code <name>-in:<host>:stream} is the instance of host. */
    private Map<String, String> streamEnv(String name) {
        Map<String, String> env = env(name);
        env.put("REDIS_INPUT_STREAM", name + "-in:*:stream");
        env.put("TRIGGER", "stream");
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

    private String append(String name, String host, String data) {
        return redis.client()
                .xadd(name + "-in:" + host + ":stream", StreamEntryID.NEW_ENTRY, Map.of("data", data))
                .toString();
    }

    private void awaitValue(String name, String host, int value, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Optional.ofNullable(read(name + "-out:" + host))
                                .map(out -> out.path("value").asInt(-1))
                                .orElse(-1)
                        == value);
    }

    @Test
    void oneRuntimeServesEveryHostsStream() {
        append("both", "a", "{\"value\":1}");
        append("both", "b", "{\"value\":2}");
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-both", streamEnv("both"))) {
            awaitValue("both", "a", 1, LONG);
            awaitValue("both", "b", 2, LONG);
            assertThat(read("both-out:a").path("keys").get(0).asText())
                    .as("the instance's input key")
                    .isEqualTo("both-in:a");
            runtime.process().awaitLine("holding the leases of 2 of the 2 keys of the pattern", LONG);
        }
    }

    @Test
    void aNotificationForAnyHostsStreamWakesTheRuntimeLongBeforeItsPoll() {
        Map<String, String> env = streamEnv("woken");
        env.put("POLL_INTERVAL_SECONDS", "120");
        append("woken", "a", "{\"value\":1}");
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-woken", env)) {
            awaitValue("woken", "a", 1, LONG);
            append("woken", "a", "{\"value\":2}");
            awaitValue("woken", "a", 2, Duration.ofSeconds(20));
            append("woken", "new-host", "{\"value\":3}");
            awaitValue("woken", "new-host", 3, Duration.ofSeconds(20));
        }
    }

    @Test
    void stoppingGivesBackEveryLeaseAndTheMembership() {
        Map<String, String> env = streamEnv("stop");
        env.put("HOSTNAME", "replica-stop");
        append("stop", "a", "{\"value\":1}");
        append("stop", "b", "{\"value\":2}");
        String members = "fnpulse:fleet:{stop-out}:members";
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-stop", env)) {
            awaitValue("stop", "a", 1, LONG);
            awaitValue("stop", "b", 2, LONG);
            assertThat(redis.client().zrange(members, 0, -1)).hasSize(1);

            assertThat(runtime.process().terminate(LONG))
                    .as("exit code on SIGTERM")
                    .isZero();

            assertThat(runtime.process().findLine("Can't execute")).isEmpty();
            assertThat(redis.client().exists("stop-out:a:lock")).isFalse();
            assertThat(redis.client().exists("stop-out:b:lock")).isFalse();
            assertThat(redis.client().zrange(members, 0, -1))
                    .as("this replica left the fleet")
                    .isEmpty();
        }
    }

    @Test
    void deadLettersAreListedRedrivenAndDroppedPerInstanceNamingIt() {
        Map<String, String> env = streamEnv("dl");
        env.put("MAX_ATTEMPTS", "1");
        append("dl", "a", "{\"action\":\"throw\",\"value\":1}");
        append("dl", "b", "{\"action\":\"throw\",\"value\":2}");
        append("dl", "b", "{\"action\":\"throw\",\"value\":3}");
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-dead", env)) {
            await().atMost(LONG)
                    .until(() -> redis.client().xlen("dl-out:a:dead") == 1
                            && redis.client().xlen("dl-out:b:dead") == 2);
        }

        ServiceProcess list = RuntimeJar.deadCommand(env, "list");
        assertThat(list.awaitExit(LONG)).isZero();
        assertThat(list.output())
                .contains("dl-out:a:dead")
                .contains("dl-out:b:dead")
                .contains("asked to fail: 1")
                .contains("asked to fail: 3")
                .contains("3 dead letters");

        // an ID names a letter in every instance that has one under it: letters two instances wrote in the same
        // millisecond share their ID, so the one redriven here is one of b's that a does not have
        List<String> inA = deadLetterIds("dl-out:a:dead");
        String letter = deadLetterIds("dl-out:b:dead").stream()
                .filter(id -> !inA.contains(id))
                .findFirst()
                .orElseThrow();
        ServiceProcess redrive = RuntimeJar.deadCommand(env, "redrive", letter);
        assertThat(redrive.awaitExit(LONG)).isZero();
        assertThat(redrive.output()).contains("redriven " + letter).contains("dl-in:b:stream");
        assertThat(redis.client().xlen("dl-in:b:stream")).isEqualTo(3);
        assertThat(redis.client().xlen("dl-out:b:dead")).isEqualTo(1);

        ServiceProcess drop = RuntimeJar.deadCommand(env, "drop", "--all");
        assertThat(drop.awaitExit(LONG)).isZero();
        assertThat(drop.output()).contains("dl-out:a:dead").contains("dl-out:b:dead");
        assertThat(redis.client().xlen("dl-out:a:dead")).isZero();
        assertThat(redis.client().xlen("dl-out:b:dead")).isZero();
    }

    @Test
    void anIdThatNamesLettersOfTwoInstancesIsRefusedUntilItNamesTheInstance() {
        Map<String, String> env = streamEnv("amb");
        env.put("MAX_ATTEMPTS", "1");
        for (String host : List.of("a", "b")) {
            redis.client()
                    .xadd(
                            "amb-in:" + host + ":stream",
                            new StreamEntryID(1, 1),
                            Map.of("data", "{\"action\":\"throw\",\"value\":1}"));
        }
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-ambiguous", env)) {
            await().atMost(LONG)
                    .until(() -> redis.client().xlen("amb-out:a:dead") == 1
                            && redis.client().xlen("amb-out:b:dead") == 1);
        }

        ServiceProcess refused = RuntimeJar.deadCommand(env, "redrive", "1-1");
        assertThat(refused.awaitExit(LONG)).isEqualTo(2);
        assertThat(refused.output())
                .contains("dead letter 1-1 is in 2 instances (amb-out:a:dead, amb-out:b:dead)")
                .contains("nothing was done");
        assertThat(redis.client().xlen("amb-out:a:dead")).isEqualTo(1);
        assertThat(redis.client().xlen("amb-out:b:dead")).isEqualTo(1);

        ServiceProcess named = RuntimeJar.deadCommand(env, "drop", "amb-out:b:dead/1-1");
        assertThat(named.awaitExit(LONG)).isZero();
        assertThat(named.output()).contains("amb-out:b:dead  dropped");
        assertThat(redis.client().xlen("amb-out:a:dead")).isEqualTo(1);
        assertThat(redis.client().xlen("amb-out:b:dead")).isZero();
    }

    private List<String> deadLetterIds(String deadLetters) {
        return redis.client().xrange(deadLetters, (StreamEntryID) null, null).stream()
                .map(entry -> entry.getID().toString())
                .toList();
    }

    /**
     * Replica A serves every host, then B joins and takes about half of them, whose calls never end (its function
     * sleeps): A's streams drain to nothing, B's keep their entries, and A's backlog must count only its own.
     */
    @Test
    void theBacklogCountsOnlyTheStreamsThisReplicaStillServes() {
        List<String> hosts = IntStream.range(0, 16).mapToObj(i -> "h" + i).toList();
        hosts.forEach(host -> append("bl", host, "{\"value\":0}"));
        Map<String, String> envA = streamEnv("bl");
        envA.put("HOSTNAME", "replica-a");
        Map<String, String> envB = streamEnv("bl");
        envB.put("HOSTNAME", "replica-b");
        envB.put("HANDLER_TIMEOUT_SECONDS", "600");
        try (RuntimeJar a = RuntimeJar.start("stream-fleet-backlog-a", envA)) {
            hosts.forEach(host -> awaitValue("bl", host, 0, LONG));
            try (RuntimeJar b = RuntimeJar.start("stream-fleet-backlog-b", envB)) {
                await().atMost(LONG).until(() -> !held("bl", hosts, "replica-b").isEmpty());
                a.process().awaitLine("holding the leases of ([0-9]|1[0-5]) of the 16 keys of the pattern", LONG);
                List<String> onB = held("bl", hosts, "replica-b");
                for (String host : hosts) {
                    for (int value = 1; value <= 3; value++) {
                        append(
                                "bl",
                                host,
                                onB.contains(host)
                                        ? "{\"action\":\"sleep\",\"millis\":600000,\"value\":" + value + "}"
                                        : "{\"value\":" + value + "}");
                    }
                }
                await().atMost(LONG)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> a.metric("fnpulse_backlog_entries") == 0 && backlog("bl", onB) >= onB.size() * 3L);
            }
        }
    }

    /** The hosts whose lease the replica named {@code replica} holds. */
    private List<String> held(String name, List<String> hosts, String replica) {
        return hosts.stream()
                .filter(host -> {
                    String holder = redis.client().get(name + "-out:" + host + ":lock");
                    return holder != null && holder.startsWith(replica + "-");
                })
                .toList();
    }

    /** Entries of the hosts' streams their group has not acknowledged: pending plus not yet delivered. */
    private long backlog(String name, List<String> hosts) {
        long total = 0;
        for (String host : hosts) {
            String stream = name + "-in:" + host + ":stream";
            for (StreamGroupInfo group : redis.client().xinfoGroups(stream)) {
                long undelivered = redis.client()
                        .xrange(stream, "(" + group.getLastDeliveredId(), "+")
                        .size();
                total += group.getPending() + undelivered;
            }
        }
        return total;
    }
}
