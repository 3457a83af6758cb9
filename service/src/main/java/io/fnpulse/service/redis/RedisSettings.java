package io.fnpulse.service.redis;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.SecretFile;
import io.fnpulse.service.text.Seconds;
import io.fnpulse.service.time.Durations;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Where the Redis servers are and how to log in: {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_USERNAME},
 * {@code REDIS_PASSWORD}, {@code REDIS_TLS}, or Sentinel ({@code REDIS_SENTINELS}, {@code REDIS_SENTINEL_MASTER}) or a
 * Cluster ({@code REDIS_CLUSTER}, {@code REDIS_NODES}) through Jedis's own clients; and how long one command may take,
 * {@code REDIS_TIMEOUT_SECONDS}: every command, connecting included, either answers within it or fails, so no Redis
 * call can hang a loop. The password never appears in {@link #toString()}.
 */
public record RedisSettings(
        String host,
        int port,
        Optional<String> username,
        Optional<String> password,
        boolean tls,
        Duration timeout,
        RedisTopology topology) {

    public static final String HOST = "REDIS_HOST";
    public static final String PORT = "REDIS_PORT";
    public static final String USERNAME = "REDIS_USERNAME";
    public static final String PASSWORD = "REDIS_PASSWORD";
    public static final String PASSWORD_FILE = "REDIS_PASSWORD_FILE";
    public static final String TLS = "REDIS_TLS";
    public static final String TIMEOUT = "REDIS_TIMEOUT_SECONDS";
    public static final String SENTINELS = "REDIS_SENTINELS";
    public static final String SENTINEL_MASTER = "REDIS_SENTINEL_MASTER";
    public static final String CLUSTER = "REDIS_CLUSTER";
    public static final String NODES = "REDIS_NODES";
    /** Every variable RedisSettings reads, for the services' lists of the variables they read. */
    public static final java.util.List<String> VARIABLES = java.util.List.of(
            HOST, PORT, USERNAME, PASSWORD, PASSWORD_FILE, TLS, TIMEOUT, SENTINELS, SENTINEL_MASTER, CLUSTER, NODES);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Connections per pool: a service's loops, lanes and lease renewals each hold one at a time. */
    private static final int POOL_SIZE = 16;

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(50);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    /** One server. */
    public RedisSettings(
            String host,
            int port,
            Optional<String> username,
            Optional<String> password,
            boolean tls,
            Duration timeout) {
        this(host, port, username, password, tls, timeout, new RedisTopology.Standalone());
    }

    public RedisSettings {
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(
                    TIMEOUT,
                    Seconds.of(timeout),
                    "from " + Seconds.of(MIN_TIMEOUT) + " to " + Seconds.of(MAX_TIMEOUT) + " seconds");
        }
    }

    public static RedisSettings fromEnv(Env env) {
        String host = env.string(HOST, "localhost");
        int port = env.port(PORT, 6379);
        return new RedisSettings(
                host,
                port,
                env.optional(USERNAME),
                password(env),
                env.bool(TLS, false),
                env.seconds(TIMEOUT, DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT),
                topology(env, host, port));
    }

    /**
     * {@code REDIS_PASSWORD}, or the content of the file {@code REDIS_PASSWORD_FILE} names (a key of a mounted Secret),
     * without its trailing line break. A file that is missing, empty or larger than a password is refused at start,
     * naming the file, so that a Secret that was never created reads as such and not as a refused login.
     */
    private static Optional<String> password(Env env) {
        Optional<String> file = env.optional(PASSWORD_FILE);
        if (file.isEmpty()) {
            return env.optional(PASSWORD);
        }
        if (env.optional(PASSWORD).isPresent()) {
            throw new ConfigException(
                    PASSWORD_FILE, file.get(), "to be set without REDIS_PASSWORD: one of them gives the password");
        }
        return Optional.of(SecretFile.password(PASSWORD_FILE, file.get()));
    }

    private static RedisTopology topology(Env env, String host, int port) {
        Optional<String> sentinels = env.optional(SENTINELS);
        boolean cluster = env.bool(CLUSTER, false);
        if (sentinels.isPresent() && cluster) {
            throw new ConfigException(
                    CLUSTER, "true", "false when REDIS_SENTINELS is set: a Cluster does not use" + " Sentinel");
        }
        if (sentinels.isPresent()) {
            return new RedisTopology.Sentinel(
                    RedisTopology.nodes(SENTINELS, sentinels.get()),
                    env.required(SENTINEL_MASTER, "the name of the master the sentinels watch, e.g. mymaster"));
        }
        if (env.optional(SENTINEL_MASTER).isPresent()) {
            throw new ConfigException(
                    SENTINEL_MASTER,
                    env.optional(SENTINEL_MASTER).get(),
                    "to be set only with REDIS_SENTINELS, the sentinels that know it");
        }
        if (cluster) {
            return new RedisTopology.Cluster(env.optional(NODES)
                    .map(nodes -> RedisTopology.nodes(NODES, nodes))
                    .orElse(java.util.Set.of(new HostAndPort(host, port))));
        }
        if (env.optional(NODES).isPresent()) {
            throw new ConfigException(NODES, env.optional(NODES).get(), "to be set only with REDIS_CLUSTER=true");
        }
        return new RedisTopology.Standalone();
    }

    /**
     * A client for the topology: a pooled client of one server, of the master Sentinel names (following failovers),
     * or of a Cluster (following slot moves). Commands time out after {@link #timeout()}.
     */
    public UnifiedJedis connect() {
        DefaultJedisClientConfig config = clientConfig(timeout);
        ConnectionPoolConfig pool = poolConfig(timeout);
        if (topology instanceof RedisTopology.Sentinel sentinel) {
            return RedisSentinelClient.builder()
                    .masterName(sentinel.master())
                    .sentinels(sentinel.sentinels())
                    .clientConfig(config)
                    .sentinelClientConfig(DefaultJedisClientConfig.builder()
                            .timeoutMillis(Math.toIntExact(timeout.toMillis()))
                            .protocol(RedisProtocol.RESP2)
                            .build())
                    .poolConfig(pool)
                    .build();
        }
        if (topology instanceof RedisTopology.Cluster cluster) {
            return RedisClusterClient.builder()
                    .nodes(cluster.nodes())
                    .clientConfig(config)
                    .poolConfig(pool)
                    .maxTotalRetriesDuration(Durations.times(timeout, 3))
                    .build();
        }
        return newClient(timeout);
    }

    /**
     * A connection of its own to the server {@code client} sends commands to (the master, with Sentinel), for a
     * subscription: never one of a pool, since a connection that has subscribed refuses every other command, and one
     * given back to a pool while still subscribed fails whoever takes it next. Not for a Cluster, where keyspace
     * notifications stay on the node that holds the key.
     */
    public Jedis openSubscriber(UnifiedJedis client) {
        if (topology.cluster()) {
            throw new IllegalStateException("keyspace notifications are not subscribed to on a Redis Cluster");
        }
        HostAndPort server = client instanceof RedisSentinelClient sentinel
                ? sentinel.getCurrentMaster()
                : new HostAndPort(host, port);
        return new Jedis(server, clientConfig(timeout));
    }

    /** Whether keys written together must be named to share a Cluster hash slot. */
    public boolean cluster() {
        return topology.cluster();
    }

    public static RedisSettings local(String host, int port) {
        return new RedisSettings(host, port, Optional.empty(), Optional.empty(), false, DEFAULT_TIMEOUT);
    }

    /** A pooled client whose commands time out after {@link #timeout()}. */
    public RedisClient newClient() {
        return newClient(timeout);
    }

    /**
     * A pooled client with another timeout. Every command fails fast with a connection error while the server is
     * away, so callers can report it and retry with {@link Backoff} instead of hanging; waiting for a free pooled
     * connection is bounded by the same timeout.
     */
    public RedisClient newClient(Duration commandTimeout) {
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(host, port))
                .clientConfig(clientConfig(commandTimeout))
                .poolConfig(poolConfig(commandTimeout))
                .build();
    }

    /**
     * At most {@link #POOL_SIZE} connections, waiting for one bounded by the timeout. Without JMX: commons-pool would
     * register each pool as an MBean, which starts the JVM's platform MBean server (a tenth of a second of CPU on
     * this project's machines, most of it for a short-lived command like ./fnpulse replay) for beans nothing reads.
     */
    private static ConnectionPoolConfig poolConfig(Duration maxWait) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxWait(maxWait);
        pool.setMaxTotal(POOL_SIZE);
        pool.setJmxEnabled(false);
        return pool;
    }

    private DefaultJedisClientConfig clientConfig(Duration commandTimeout) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis(Math.toIntExact(commandTimeout.toMillis()))
                .ssl(tls)
                .protocol(RedisProtocol.RESP2)
                .clientName("fnpulse");
        username.ifPresent(config::user);
        password.ifPresent(config::password);
        return config.build();
    }

    public String address() {
        if (topology instanceof RedisTopology.Sentinel sentinel) {
            return "sentinel master " + sentinel.master() + " via " + RedisTopology.describe(sentinel.sentinels());
        }
        if (topology instanceof RedisTopology.Cluster cluster) {
            return "cluster via " + RedisTopology.describe(cluster.nodes());
        }
        return (tls ? "rediss://" : "redis://") + host + ":" + port;
    }

    @Override
    public String toString() {
        return address()
                + username.map(user -> " as " + user).orElse("")
                + password.map(p -> " (password set)").orElse("");
    }
}
