package io.fnpulse.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A master, one replica and three sentinels watching them (quorum two), all from the embedded redis-server binary on
 * free loopback ports, for tests of a failover. {@link #killMaster()} stops the master; the sentinels promote the
 * replica within a few seconds.
 */
public final class SentinelGroup implements AutoCloseable {

    public static final String MASTER = "fnpulse-master";
    private static final String HOST = "127.0.0.1";

    private final int masterPort = EmbeddedTestRedis.freePort();
    private final int replicaPort = EmbeddedTestRedis.freePort();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final RedisServer master;
    private final RedisServer replica;
    private final List<RedisSentinel> sentinels = new ArrayList<>();

    public SentinelGroup() {
        try {
            master = server(masterPort).build();
            master.start();
            replica = server(replicaPort).slaveOf(HOST, masterPort).build();
            replica.start();
            for (int i = 0; i < 3; i++) {
                int port = EmbeddedTestRedis.freePort();
                sentinelPorts.add(port);
                RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                        .bind(HOST)
                        .port(port)
                        .masterName(MASTER)
                        .masterPort(masterPort)
                        .quorumSize(2)
                        .downAfterMilliseconds(1_000)
                        .failOverTimeout(3_000)
                        .parallelSyncs(1)
                        .build();
                sentinel.start();
                sentinels.add(sentinel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sentinel group", e);
        }
    }

    private static redis.embedded.core.RedisServerBuilder server(int port) {
        return RedisServer.newRedisServer()
                .bind(HOST)
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no");
    }

    /** {@code host:port,host:port,host:port}, as REDIS_SENTINELS takes it. */
    public String sentinels() {
        return sentinelPorts.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
    }

    /** The address the sentinels give for the master now. */
    public HostAndPort currentMaster() {
        try (Jedis sentinel = new Jedis(HOST, sentinelPorts.get(0))) {
            List<String> address = sentinel.sentinelGetMasterAddrByName(MASTER);
            return new HostAndPort(address.get(0), Integer.parseInt(address.get(1)));
        }
    }

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** Stops the master, as a node failure would. */
    public void killMaster() {
        try {
            master.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (RedisSentinel sentinel : sentinels) {
            stopQuietly(sentinel);
        }
        stopQuietly(replica);
        stopQuietly(master);
    }

    private static void stopQuietly(redis.embedded.Redis redis) {
        try {
            if (redis.isActive()) {
                redis.stop();
            }
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }
}
