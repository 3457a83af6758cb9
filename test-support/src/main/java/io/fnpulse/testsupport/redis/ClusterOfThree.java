package io.fnpulse.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis Cluster of three masters from the embedded redis-server binary on free loopback ports, its 16,384 slots
 * split between them, for tests that a commit stays atomic per key on a Cluster.
 */
public final class ClusterOfThree implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final int SLOTS = 16_384;

    private final List<Integer> ports = new ArrayList<>();
    private final List<redis.embedded.RedisServer> servers = new ArrayList<>();

    public ClusterOfThree() {
        try {
            for (int i = 0; i < 3; i++) {
                int port = EmbeddedTestRedis.freePort();
                ports.add(port);
                redis.embedded.RedisServer server = redis.embedded.RedisServer.newRedisServer()
                        .bind(HOST)
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file nodes-" + port + ".conf")
                        .setting("cluster-node-timeout 2000")
                        .build();
                server.start();
                servers.add(server);
            }
            form();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not start the cluster", e);
        }
    }

    /** Each node meets the first and takes a third of the slots; waits until the cluster says ok. */
    private void form() {
        for (int i = 0; i < ports.size(); i++) {
            try (Jedis node = new Jedis(HOST, ports.get(i))) {
                if (i > 0) {
                    node.clusterMeet(HOST, ports.get(0));
                }
                int from = i * SLOTS / 3;
                int to = (i + 1) * SLOTS / 3;
                int[] slots = new int[to - from];
                for (int slot = from; slot < to; slot++) {
                    slots[slot - from] = slot;
                }
                node.clusterAddSlots(slots);
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (int port : ports) {
                try (Jedis node = new Jedis(HOST, port)) {
                    ok &= node.clusterInfo().contains("cluster_state:ok");
                }
            }
            if (ok) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the cluster did not reach cluster_state:ok within 30 s");
    }

    /** {@code host:port,host:port,host:port}, as REDIS_NODES takes it. */
    public String nodes() {
        return ports.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    public Set<HostAndPort> hostsAndPorts() {
        return ports.stream().map(port -> new HostAndPort(HOST, port)).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        for (redis.embedded.RedisServer server : servers) {
            try {
                if (server.isActive()) {
                    server.stop();
                }
            } catch (IOException | RuntimeException e) {
                // already gone
            }
        }
    }
}
