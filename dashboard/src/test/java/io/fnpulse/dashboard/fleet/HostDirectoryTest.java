package io.fnpulse.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/** The host list from a real Redis: only instance outputs, hosts coming and going, and the cap. */
@ExtendWith(RedisExtension.class)
class HostDirectoryTest {

    private final TestRedis redis;
    private UnifiedJedis client;

    HostDirectoryTest(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void connect() {
        client = RedisSettings.local(redis.host(), redis.port()).connect();
        client.flushAll();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private HostDirectory directory(String pattern, int maxHosts) {
        HostPattern hosts = HostPattern.of(pattern).orElseThrow();
        return new HostDirectory(new HostScan(client, hosts, maxHosts), maxHosts);
    }

    @Test
    void listsOnlyTheInstanceOutputsNotTheirOwnKeys() {
        for (String host : List.of("a", "b", "node-7.example")) {
            String key = "dir:" + host;
            client.set(key, "{\"x\":1}");
            for (String own : List.of(":env", ":status", ":lock", ":inflight", ":calls", ":dead")) {
                client.set(key + own, "{}");
            }
            client.set(key + ":env:corrupt:1733100000000", "junk");
            client.xadd(key + ":history", XAddParams.xAddParams(), Map.of("output", "{}"));
        }
        client.set("{dir:a}:env", "{}"); // a Cluster-style instance key: does not even match the pattern
        client.set("other:a", "{\"x\":1}");
        client.set("dir:", "{\"x\":1}"); // an empty suffix is no host
        client.hset("dir:a-hash", "x", "1"); // not a string: not an output

        HostDirectory directory = directory("dir:*", 1_000);
        HostDirectory.Change change = directory.refresh();

        assertThat(directory.hosts()).containsOnlyKeys("a", "b", "node-7.example");
        assertThat(directory.hosts().get("node-7.example")).isEqualTo("dir:node-7.example");
        assertThat(change.appeared()).containsExactly("a", "b", "node-7.example");
        assertThat(change.gone()).isEmpty();
        assertThat(directory.capped()).isFalse();
    }

    @Test
    void aHostThatAppearsIsListedAndOneThatDisappearsGoes() {
        HostDirectory directory = directory("come-go:*:out", 1_000);
        client.set("come-go:one:out", "{}");
        assertThat(directory.refresh().appeared()).containsExactly("one");

        client.set("come-go:two:out", "{}");
        client.del("come-go:one:out");
        HostDirectory.Change change = directory.refresh();

        assertThat(change.appeared()).containsExactly("two");
        assertThat(change.gone()).containsExactly("one");
        assertThat(directory.hosts()).containsOnlyKeys("two");
        assertThat(directory.refresh()).isEqualTo(new HostDirectory.Change(List.of(), List.of()));
    }

    @Test
    void beyondTheCapTheFirstHostsByNameAreKeptScanAfterScan() {
        for (int i = 0; i < 2_500; i++) {
            client.set(String.format("capped:host-%04d", i), "{}");
        }
        HostDirectory directory = directory("capped:*", 100);

        directory.refresh();

        assertThat(directory.hosts()).hasSize(100);
        assertThat(directory.hosts().firstKey()).isEqualTo("host-0000");
        assertThat(directory.hosts().lastKey()).isEqualTo("host-0099");
        assertThat(directory.capped()).isTrue();
        assertThat(directory.refresh().appeared())
                .as("the same hosts next time")
                .isEmpty();

        for (int i = 100; i < 2_500; i++) {
            client.del(String.format("capped:host-%04d", i));
        }
        directory.refresh();
        assertThat(directory.capped()).isFalse();
    }

    @Test
    void globCharactersInThePatternAreMatchedLiterally() {
        client.set("lit[1]?:x", "{}");
        client.set("lit1a:x", "{}");
        HostDirectory directory = directory("lit[1]?:*", 10);
        directory.refresh();
        assertThat(directory.hosts()).containsOnlyKeys("x");
    }
}
