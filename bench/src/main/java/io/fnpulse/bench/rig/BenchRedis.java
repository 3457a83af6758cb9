package io.fnpulse.bench.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * The Redis a harness measures against: {@code REDIS_URL} if set, else the redis-server binary shipped in
 * embedded-redis, on a free loopback port. Either way keyspace notifications for string commands are on, since the
 * harnesses timestamp writes by them.
 */
public final class BenchRedis implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final String host;
    private final int port;
    private final RedisServer server;

    private BenchRedis(String host, int port, RedisServer server) {
        this.host = host;
        this.port = port;
        this.server = server;
    }

    public static BenchRedis start() {
        String url = System.getenv("REDIS_URL");
        BenchRedis redis;
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            redis = new BenchRedis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), null);
        } else {
            redis = embedded();
        }
        try (Jedis jedis = redis.connect()) {
            jedis.configSet("notify-keyspace-events", "K$t");
            jedis.flushAll();
        }
        return redis;
    }

    private static BenchRedis embedded() {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            try {
                RedisServer server = RedisServer.newRedisServer()
                        .bind(LOOPBACK)
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("notify-keyspace-events K$t")
                        .build();
                server.start();
                return new BenchRedis(LOOPBACK, port, server);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("could not start the embedded redis-server", last);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A plain connection of its own: subscriptions block theirs, and the harness's writes must not queue behind a pool. */
    public Jedis connect() {
        return new Jedis(
                new HostAndPort(host, port),
                DefaultJedisClientConfig.builder()
                        .timeoutMillis(10_000)
                        .serverDefaultProtocol()
                        .build());
    }

    public String describe() {
        return server == null ? "REDIS_URL " + host + ":" + port : "embedded redis-server 6.2 on " + host + ":" + port;
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
