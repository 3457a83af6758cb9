package io.fnpulse.testsupport.redis;

import redis.clients.jedis.RedisClient;

/**
 * A real Redis server that one test class owns (or shares, when {@code REDIS_URL} points at an existing one).
 * Obtain it by declaring a parameter of this type in a class extended with {@link RedisExtension}.
 */
public interface TestRedis {

    String host();

    int port();

    /** A pooled client for the test's own reads and writes, closed after the class. */
    RedisClient client();

    /** A short description for logs and assumption messages: which kind of server this is. */
    String describe();

    /** Whether {@link #stop()} and {@link #start()} can take this server away and bring it back. */
    boolean canStop();

    /** Makes the server unreachable on its address, as a crash or a network cut would. */
    void stop();

    /** Brings the server back on the same address. Data may or may not survive, as after a real restart. */
    void start();

    default String url() {
        return "redis://" + host() + ":" + port();
    }
}
