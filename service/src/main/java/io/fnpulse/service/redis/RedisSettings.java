package io.fnpulse.service.redis;

import io.fnpulse.service.config.Env;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Where the Redis server is and how to log in: {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_USERNAME},
 * {@code REDIS_PASSWORD}, {@code REDIS_TLS}. The password never appears in {@link #toString()}.
 */
public record RedisSettings(String host, int port, Optional<String> username, Optional<String> password, boolean tls) {

    public static final String HOST = "REDIS_HOST";
    public static final String PORT = "REDIS_PORT";
    public static final String USERNAME = "REDIS_USERNAME";
    public static final String PASSWORD = "REDIS_PASSWORD";
    public static final String TLS = "REDIS_TLS";

    public static RedisSettings fromEnv(Env env) {
        return new RedisSettings(
                env.string(HOST, "localhost"),
                env.port(PORT, 6379),
                env.optional(USERNAME),
                env.optional(PASSWORD),
                env.bool(TLS, false));
    }

    public static RedisSettings local(String host, int port) {
        return new RedisSettings(host, port, Optional.empty(), Optional.empty(), false);
    }

    /**
     * A pooled client. Every command fails fast with a connection error while the server is away, so callers can
     * report it and retry with {@link Backoff} instead of hanging.
     */
    public RedisClient newClient(Duration timeout) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .timeoutMillis(Math.toIntExact(timeout.toMillis()))
                .ssl(tls)
                .clientName("fnpulse");
        username.ifPresent(config::user);
        password.ifPresent(config::password);
        return RedisClient.builder()
                .hostAndPort(new HostAndPort(host, port))
                .clientConfig(config.build())
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
