package io.fnpulse.stack.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * The redis-server binary shipped in the embedded-redis jar, run as a child process on loopback, with keyspace
 * notifications on for strings ({@code $}) and streams ({@code t}), so the runtime (on the stream) and the dashboard
 * (on the output key) react within milliseconds. Nothing is persisted: this is a
 * scratch Redis for one local run.
 */
public final class LocalRedis implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    private final RedisServer server;
    private final int port;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts on the given port, or on a free one when that is taken (another Redis is already on 6379, say), with the
     * ACL file {@code aclFile} (its path must hold no blank: it goes into the server's configuration as is).
     */
    public static LocalRedis start(int preferredPort, java.nio.file.Path aclFile) {
        int port = isFree(preferredPort) ? preferredPort : freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .bind(HOST)
                    .port(port)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("notify-keyspace-events K$t")
                    .setting("aclfile " + aclFile.toAbsolutePath())
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            return new LocalRedis(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded redis-server on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
