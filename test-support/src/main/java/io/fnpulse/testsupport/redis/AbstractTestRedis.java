package io.fnpulse.testsupport.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The client handling shared by every kind of test server; closing releases the client, then the server. */
abstract class AbstractTestRedis implements TestRedis, AutoCloseable {

    private RedisClient client;

    @Override
    public synchronized RedisClient client() {
        if (client == null) {
            client = RedisClient.builder()
                    .hostAndPort(host(), port())
                    .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(2_000).build())
                    .build();
        }
        return client;
    }

    @Override
    public boolean canStop() {
        return true;
    }

    @Override
    public final synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        shutdown();
    }

    protected abstract void shutdown();
}
