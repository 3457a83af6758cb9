package io.fnpulse.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server started with an ACL file ({@code aclfile}), on a free loopback port: for tests of what each Redis
 * user may and may not do. The file is given whole (the shipped rules with passwords, plus whatever the test adds);
 * {@link #client()} logs in as {@link #ADMIN}, a user the test's file must define, to set up and check data.
 *
 * <p>Two servers can run it: the redis-server 6.2 shipped in embedded-redis (what {@code ./fnpulse} runs), and a
 * Redis 7 found on this machine (what the images run): {@code redis-server} on the PATH, or Debian's
 * {@code redis-tools}, whose {@code redis-check-rdb} is the server binary itself and acts as the server when called
 * {@code redis-server} (Debian's redis-server package only adds that link and a system service).
 */
public final class AclTestRedis implements TestRedis, AutoCloseable {

    public static final String ADMIN = "fnpulse-test-admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    /** The line that defines {@link #ADMIN}, to add to the file under test. */
    public static final String ADMIN_LINE = "user " + ADMIN + " on >" + ADMIN_PASSWORD + " ~* &* +@all";

    private static final String HOST = "127.0.0.1";
    private static final List<String> REDIS_7_PATHS = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");
    private static final String DEBIAN_TOOLS_SERVER = "/usr/bin/redis-check-rdb";

    /** Which redis-server binary to run. */
    public enum Server {
        EMBEDDED_6_2,
        REDIS_7;

        /** The binary, where this machine has it. */
        public Optional<File> binary() {
            if (this == EMBEDDED_6_2) {
                try {
                    return Optional.of(
                            ExecutableProvider.newJarResourceProvider().get());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            for (String path : REDIS_7_PATHS) {
                if (Files.isExecutable(Path.of(path))) {
                    return Optional.of(new File(path));
                }
            }
            if (Files.isExecutable(Path.of(DEBIAN_TOOLS_SERVER))) {
                try {
                    Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "fnpulse-redis7"));
                    Path link = dir.resolve("redis-server");
                    if (!Files.isSymbolicLink(link)) {
                        Files.deleteIfExists(link);
                        Files.createSymbolicLink(link, Path.of(DEBIAN_TOOLS_SERVER));
                    }
                    return Optional.of(link.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return Optional.empty();
        }

        /** For an assumption's message: what to install where the binary is missing. */
        public String missing() {
            return this == EMBEDDED_6_2
                    ? "the embedded-redis jar has no redis-server for this machine"
                    : "no Redis 7 server here: install Debian's redis-tools (its redis-check-rdb is the server)"
                            + " or put redis-server on the PATH";
        }
    }

    private final RedisServer server;
    private final int port;
    private final Path dir;
    private final Server kind;
    private final List<RedisClient> clients = new CopyOnWriteArrayList<>();
    private RedisClient admin;

    private AclTestRedis(RedisServer server, int port, Path dir, Server kind) {
        this.server = server;
        this.port = port;
        this.dir = dir;
        this.kind = kind;
    }

    /**
     * Starts the server with {@code aclFile} as its ACL file and keyspace notifications for strings and streams on
     * ({@code K$t}, as fnpulse's Redis runs).
     *
     * @throws IllegalStateException with the server's own words when it refuses the file
     */
    public static AclTestRedis start(Server kind, String aclFile) {
        File binary = kind.binary().orElseThrow(() -> new IllegalStateException(kind.missing()));
        try {
            Path dir = Files.createTempDirectory("fnpulse-acl-redis");
            Path acl = Files.writeString(dir.resolve("users.acl"), aclFile);
            List<String> output = new CopyOnWriteArrayList<>();
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = EmbeddedTestRedis.freePort();
                RedisServer server = RedisServer.newRedisServer()
                        .executableProvider(() -> binary)
                        .bind(HOST)
                        .port(port)
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .setting("dir " + dir)
                        .setting("aclfile " + acl)
                        .setting("notify-keyspace-events K$t")
                        .soutListener(output::add)
                        .serrListener(output::add)
                        .build();
                try {
                    server.start();
                    return new AclTestRedis(server, port, dir, kind);
                } catch (IOException | RuntimeException e) {
                    last = e instanceof IOException io ? io : new IOException(e);
                }
            }
            throw new IllegalStateException(
                    binary + " did not start with the ACL file: " + String.join(" | ", output), last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client logged in as this user, closed with the server. */
    public RedisClient clientAs(String user, String password) {
        RedisClient client = RedisClient.builder()
                .hostAndPort(HOST, port)
                .clientConfig(DefaultJedisClientConfig.builder()
                        .user(user)
                        .password(password)
                        .timeoutMillis(2_000)
                        .build())
                .build();
        clients.add(client);
        return client;
    }

    /** The server's version, e.g. {@code 7.0.15}. */
    public String version() {
        return client().info("server")
                .lines()
                .filter(line -> line.startsWith("redis_version:"))
                .map(line -> line.substring("redis_version:".length()).strip())
                .findFirst()
                .orElse("?");
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /** Logged in as {@link #ADMIN}. */
    @Override
    public synchronized RedisClient client() {
        if (admin == null) {
            admin = clientAs(ADMIN, ADMIN_PASSWORD);
        }
        return admin;
    }

    @Override
    public String describe() {
        return kind + " redis-server with an ACL file on " + HOST + ":" + port;
    }

    @Override
    public boolean canStop() {
        return false;
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException("an ACL test server is not stopped mid-test");
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException("an ACL test server is not stopped mid-test");
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (RedisClient client : clients) {
            try {
                client.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            server.stop();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
