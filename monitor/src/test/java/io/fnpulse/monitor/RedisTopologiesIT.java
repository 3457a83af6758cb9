package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.ClusterOfThree;
import io.fnpulse.testsupport.redis.SentinelGroup;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

/** The real monitor jar on Redis Sentinel (through a failover) and on a three-master Cluster, key and stream. */
class RedisTopologiesIT {

    private static ServiceProcess.Builder monitor() {
        return ServiceProcess.jar(ProjectFiles.jar("monitor", "fnpulse-monitor.jar"))
                .env("INTERVAL_SECONDS", "0.2")
                .env("REDIS_TIMEOUT_SECONDS", "0.5")
                .env("HTTP_PORT", "0")
                .env("REDIS_METRICS_KEY", "metrics:{node}")
                .env("REDIS_METRICS_STREAM", "metrics:{node}:stream")
                .env("NODE_NAME", "n1");
    }

    @Test
    void publishesThroughSentinelAndFollowsAFailover() {
        try (SentinelGroup group = new SentinelGroup();
                ServiceProcess monitor = monitor()
                        .env("REDIS_SENTINELS", group.sentinels())
                        .env("REDIS_SENTINEL_MASTER", SentinelGroup.MASTER)
                        .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> streamLength(group.currentMaster()) >= 3);

            group.killMaster();
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> group.currentMaster().getPort() == group.replicaPort());
            long afterFailover = streamLength(group.currentMaster());
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> streamLength(group.currentMaster()) > afterFailover + 3);
            assertThat(monitor.isAlive()).isTrue();
        }
    }

    @Test
    void publishesKeyAndStreamOnACluster() {
        try (ClusterOfThree cluster = new ClusterOfThree();
                ServiceProcess monitor = monitor()
                        .env("REDIS_CLUSTER", "true")
                        .env("REDIS_NODES", cluster.nodes())
                        .start();
                RedisClusterClient client = RedisClusterClient.builder()
                        .nodes(cluster.hostsAndPorts())
                        .build()) {
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> client.xlen("metrics:n1:stream") >= 3 && client.get("metrics:n1") != null);
            assertThat(monitor.output()).doesNotContain("unreachable", "refused");
        }
    }

    private static long streamLength(HostAndPort master) {
        try (RedisClient client = RedisClient.builder().hostAndPort(master).build()) {
            return client.xlen("metrics:n1:stream");
        }
    }
}
