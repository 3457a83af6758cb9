package io.fnpulse.service.redis;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.text.Seconds;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Where the Redis server is and how to log in: {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_USERNAME},
 * {@code REDIS_PASSWORD}, {@code REDIS_TLS}, and how long one command may take, {@code REDIS_TIMEOUT_SECONDS}: every
 * command, connecting included, either answers within it or fails, so no Redis call can hang a loop. The password
 * never appears in {@link #toString()}.
 */
public record RedisSettings(String host, int port, Optional<String> username, Optional<String> password, boolean tls,
                            Duration timeout) {

    public static final String HOST = "REDIS_HOST";
    public static final String PORT = "REDIS_PORT";
    public static final String USERNAME = "REDIS_USERNAME";
    public static final String PASSWORD = "REDIS_PASSWORD";
    public static final String TLS = "REDIS_TLS";
    public static final String TIMEOUT = "REDIS_TIMEOUT_SECONDS";

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(50);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

    public RedisSettings {
        if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigException(TIMEOUT, Seconds.of(timeout), "from " + Seconds.of(MIN_TIMEOUT) + " to "
                    + Seconds.of(MAX_TIMEOUT) + " seconds");
        }
    }

    public static RedisSettings fromEnv(Env env) {
        return new RedisSettings(
                env.string(HOST, "localhost"),
                env.port(PORT, 6379),
                env.optional(USERNAME),
                env.optional(PASSWORD),
                env.bool(TLS, false),
                env.seconds(TIMEOUT, DEFAULT_TIMEOUT, MIN_TIMEOUT, MAX_TIMEOUT));
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
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis(Math.toIntExact(commandTimeout.toMillis()))
                .ssl(tls)
                .clientName("fnpulse");
        username.ifPresent(config::user);
        password.ifPresent(config::password);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxWait(commandTimeout);
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(host, port))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
    }

    public String address() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port;
    }

    @Override
    public String toString() {
        return address() + username.map(user -> " as " + user).orElse("") + password.map(p -> " (password set)").orElse("");
    }
}
