package io.fnpulse.testsupport.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** The redis-server binary from the embedded-redis jar, started as a child process on a free loopback port. */
final class EmbeddedTestRedis extends AbstractTestRedis {

    private static final String HOST = "127.0.0.1";
    private final int port;
    private RedisServer server;

    private EmbeddedTestRedis(int port) {
        this.port = port;
    }

    static EmbeddedTestRedis startOnFreePort() {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            EmbeddedTestRedis redis = new EmbeddedTestRedis(freePort());
            try {
                redis.launch();
                return redis;
            } catch (IOException | RuntimeException e) {
                last = e instanceof IOException io ? io : new IOException(e);
            }
        }
        throw new UncheckedIOException("could not start the embedded redis-server on a free port", last);
    }

    private void launch() throws IOException {
        server = RedisServer.newRedisServer()
                .bind(HOST)
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String describe() {
        return "embedded redis-server on " + HOST + ":" + port;
    }

    @Override
    protected void takeDown() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void bringBack() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the embedded redis-server on port " + port, e);
        }
    }

    @Override
    protected void shutdown() {
        try {
            if (server != null && server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
