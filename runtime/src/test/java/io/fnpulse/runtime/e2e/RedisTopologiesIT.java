package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.ClusterOfThree;
import io.fnpulse.testsupport.redis.SentinelGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The real runtime jar on Redis Sentinel through a failover, and on a three-master Redis Cluster. */
class RedisTopologiesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Map<String, String> env(String prefix) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FUNCTION_PATH", Functions.probe(dir).toString());
        env.put("FUNCTION_HANDLER", "probe.ProbeFunction::handle");
        env.put("POLL_INTERVAL_SECONDS", "0.05");
        env.put("HTTP_PORT", "0");
        env.put("LEASE_SECONDS", "2");
        env.put("REDIS_TIMEOUT_SECONDS", "0.5");
        env.put("REDIS_INPUT_KEY", prefix + "-in");
        env.put("REDIS_OUTPUT_KEY", prefix + "-out");
        return env;
    }

    private static JsonNode json(String raw) {
        try {
            return raw == null ? null : JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void survivesASentinelFailoverAndKeepsEverythingItCommitted() {
        try (SentinelGroup group = new SentinelGroup()) {
            Map<String, String> env = env("failover");
            env.put("REDIS_SENTINELS", group.sentinels());
            env.put("REDIS_SENTINEL_MASTER", SentinelGroup.MASTER);
            try (RuntimeJar runtime = RuntimeJar.start("sentinel", env)) {
                for (int value = 1; value <= 3; value++) {
                    send(group.currentMaster(), "failover-in", value);
                    int expected = value;
                    await().atMost(LONG).until(() -> outputValue(group.currentMaster(), "failover-out") == expected);
                }
                // let the replica catch up with what was committed, then lose the master
                await().atMost(LONG)
                        .until(() ->
                                outputValue(new HostAndPort("127.0.0.1", group.replicaPort()), "failover-out") == 3);
                group.killMaster();
                await().atMost(LONG).until(() -> group.currentMaster().getPort() == group.replicaPort());
                runtime.process().awaitLine("Redis answers again", LONG);

                for (int value = 4; value <= 6; value++) {
                    send(group.currentMaster(), "failover-in", value);
                    int expected = value;
                    await().atMost(LONG).until(() -> outputValue(group.currentMaster(), "failover-out") == expected);
                }
                try (RedisClient promoted = client(group.currentMaster())) {
                    assertThat(json(promoted.get("failover-out:env"))
                                    .at("/env/seen")
                                    .toString())
                            .as("nothing committed before the failover lost, nothing applied twice")
                            .isEqualTo("[1,2,3,4,5,6]");
                }
                assertThat(runtime.process().isAlive()).isTrue();
            }
        }
    }

    @Test
    void onAClusterEachInstancesCommitStaysInOneSlot() {
        try (ClusterOfThree cluster = new ClusterOfThree();
                RedisClusterClient client = RedisClusterClient.builder()
                        .nodes(cluster.hostsAndPorts())
                        .build()) {
            Map<String, String> env = env("cluster");
            env.put("REDIS_CLUSTER", "true");
            env.put("REDIS_NODES", cluster.nodes());
            env.put("REDIS_INPUT_KEY", "cluster-in:*");
            int hosts = 20;
            Set<Integer> slots = new HashSet<>();
            for (int host = 0; host < hosts; host++) {
                client.set("cluster-in:host-" + host, "{\"value\":" + host + "}");
                slots.add(JedisClusterCRC16.getSlot("cluster-out:host-" + host));
            }
            assertThat(slots.size()).as("outputs spread over slots").isGreaterThan(10);
            try (RuntimeJar runtime = RuntimeJar.start("cluster", env)) {
                for (int host = 0; host < hosts; host++) {
                    String output = "cluster-out:host-" + host;
                    int expected = host;
                    await().atMost(LONG).until(() -> {
                        JsonNode node = json(client.get(output));
                        return node != null && node.path("value").asInt() == expected;
                    });
                    assertThat(json(client.get("{" + output + "}:env"))
                                    .at("/env/seen")
                                    .toString())
                            .isEqualTo("[" + host + "]");
                    assertThat(json(client.get("{" + output + "}:status"))
                                    .path("ok")
                                    .asBoolean())
                            .isTrue();
                    assertThat(client.exists("{" + output + "}:lock")).isTrue();
                }
                assertThat(runtime.process().findLine("CROSSSLOT")).isEmpty();
            }
        }
    }

    private static void send(HostAndPort master, String key, int value) {
        try (RedisClient redis = client(master)) {
            redis.set(key, "{\"value\":" + value + "}");
        }
    }

    private static int outputValue(HostAndPort node, String key) {
        try (RedisClient redis = client(node)) {
            JsonNode output = json(redis.get(key));
            return output == null ? -1 : output.path("value").asInt();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static RedisClient client(HostAndPort node) {
        return RedisClient.builder()
                .hostAndPort(node)
                .clientConfig(
                        DefaultJedisClientConfig.builder().timeoutMillis(1_000).build())
                .build();
    }
}
