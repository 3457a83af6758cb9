package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamGroupInfo;

/**
 * TRIGGER=stream with REDIS_INPUT_KEY and REDIS_INPUT_STREAM as patterns, as k8s/overlays/fleet ships it, against the
 * real jar: every host's stream is served, a notification for any of them wakes the runtime, stopping gives back every
 * lease and the membership, the dead letters are handled per instance, and the backlog counts only what this replica
 * serves.
 */
@ExtendWith(RedisExtension.class)
class StreamFleetIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TestRedis redis;

    @BeforeEach
    void notifications(TestRedis redis) {
        this.redis = redis;
        redis.client().flushAll();
        redis.client().configSet("notify-keyspace-events", "K$t");
    }

    /** The fleet overlay's settings: every {@code <name>-in:<host>:stream} is the instance of host. */
    private Map<String, String> env(String name) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, name);
        env.put("REDIS_INPUT_KEY", name + "-in:*");
        env.put("REDIS_INPUT_STREAM", name + "-in:*:stream");
        env.put("TRIGGER", "stream");
        env.put("CODE_CACHE_DIR", dir.resolve("code").toString());
        return env;
    }

    private String append(String name, String host, String data) {
        return redis.client()
                .xadd(name + "-in:" + host + ":stream", StreamEntryID.NEW_ENTRY, Map.of("data", data))
                .toString();
    }

    private JsonNode output(String name, String host) {
        String raw = redis.client().get(name + "-out:" + host);
        try {
            return raw == null ? JSON.nullNode() : JSON.readTree(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitValue(String name, String host, int value, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> output(name, host).path("value").asInt(-1) == value);
    }

    @Test
    void oneRuntimeServesEveryHostsStream() {
        append("both", "a", "{\"value\":1}");
        append("both", "b", "{\"value\":2}");
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-both", env("both"))) {
            awaitValue("both", "a", 1, WAIT);
            awaitValue("both", "b", 2, WAIT);
            assertThat(output("both", "a").path("keys").get(0).asText())
                    .as("the instance's input key")
                    .isEqualTo("both-in:a");
            runtime.process().awaitLine("holding the leases of 2 of the 2 keys of the pattern", WAIT);
        }
    }

    @Test
    void aNotificationForAnyHostsStreamWakesTheRuntimeLongBeforeItsPoll() {
        Map<String, String> env = env("woken");
        env.put("POLL_INTERVAL_SECONDS", "120");
        append("woken", "a", "{\"value\":1}");
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-woken", env)) {
            awaitValue("woken", "a", 1, WAIT);
            append("woken", "a", "{\"value\":2}");
            awaitValue("woken", "a", 2, Duration.ofSeconds(20));
            append("woken", "new-host", "{\"value\":3}");
            awaitValue("woken", "new-host", 3, Duration.ofSeconds(20));
        }
    }

    @Test
    void stoppingGivesBackEveryLeaseAndTheMembership() {
        Map<String, String> env = env("stop");
        env.put("HOSTNAME", "replica-stop");
        append("stop", "a", "{\"value\":1}");
        append("stop", "b", "{\"value\":2}");
        String members = "fnpulse:fleet:{stop-out}:members";
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-stop", env)) {
            awaitValue("stop", "a", 1, WAIT);
            awaitValue("stop", "b", 2, WAIT);
            assertThat(redis.client().zrange(members, 0, -1)).hasSize(1);

            assertThat(runtime.process().terminate(WAIT))
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
        Map<String, String> env = env("dl");
        env.put("MAX_ATTEMPTS", "1");
        append("dl", "a", "{\"action\":\"throw\",\"value\":1}");
        append("dl", "b", "{\"action\":\"throw\",\"value\":2}");
        append("dl", "b", "{\"action\":\"throw\",\"value\":3}");
        try (RuntimeJar runtime = RuntimeJar.start("stream-fleet-dead", env)) {
            await().atMost(WAIT)
                    .until(() -> redis.client().xlen("dl-out:a:dead") == 1
                            && redis.client().xlen("dl-out:b:dead") == 2);
        }

        ServiceProcess list = deadCommand(env, "list");
        assertThat(list.awaitExit(WAIT)).isZero();
        assertThat(list.output())
                .contains("dl-out:a:dead")
                .contains("dl-out:b:dead")
                .contains("asked to fail: 1")
                .contains("asked to fail: 3")
                .contains("3 dead letters");

        String letter = redis.client()
                .xrange("dl-out:b:dead", (StreamEntryID) null, null, 1)
                .get(0)
                .getID()
                .toString();
        ServiceProcess redrive = deadCommand(env, "redrive", letter);
        assertThat(redrive.awaitExit(WAIT)).isZero();
        assertThat(redrive.output()).contains("redriven " + letter).contains("dl-in:b:stream");
        assertThat(redis.client().xlen("dl-in:b:stream")).isEqualTo(3);
        assertThat(redis.client().xlen("dl-out:b:dead")).isEqualTo(1);

        ServiceProcess drop = deadCommand(env, "drop", "--all");
        assertThat(drop.awaitExit(WAIT)).isZero();
        assertThat(drop.output()).contains("dl-out:a:dead").contains("dl-out:b:dead");
        assertThat(redis.client().xlen("dl-out:a:dead")).isZero();
        assertThat(redis.client().xlen("dl-out:b:dead")).isZero();
    }

    /**
     * Replica A serves every host, then B joins and takes about half of them, whose calls never end (its function
     * sleeps): A's streams drain to nothing, B's keep their entries, and A's backlog must count only its own.
     */
    @Test
    void theBacklogCountsOnlyTheStreamsThisReplicaStillServes() {
        List<String> hosts = IntStream.range(0, 16).mapToObj(i -> "h" + i).toList();
        hosts.forEach(host -> append("bl", host, "{\"value\":0}"));
        Map<String, String> envA = env("bl");
        envA.put("HOSTNAME", "replica-a");
        Map<String, String> envB = env("bl");
        envB.put("HOSTNAME", "replica-b");
        envB.put("HANDLER_TIMEOUT_SECONDS", "600");
        try (RuntimeJar a = RuntimeJar.start("stream-fleet-backlog-a", envA)) {
            hosts.forEach(host -> awaitValue("bl", host, 0, WAIT));
            try (RuntimeJar b = RuntimeJar.start("stream-fleet-backlog-b", envB)) {
                await().atMost(WAIT).until(() -> !held("bl", hosts, "replica-b").isEmpty());
                a.process().awaitLine("holding the leases of ([0-9]|1[0-5]) of the 16 keys of the pattern", WAIT);
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
                await().atMost(WAIT)
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

    private static ServiceProcess deadCommand(Map<String, String> env, String... args) {
        ServiceProcess.Builder builder = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name("fleet-dead-" + String.join("-", args).replace("--", ""))
                .env(env)
                .arg("dead");
        for (String arg : args) {
            builder.arg(arg);
        }
        return builder.start();
    }
}
