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
                    .clientConfig(DefaultJedisClientConfig.builder()
                            .timeoutMillis(2_000)
                            .build())
                    .build();
        }
        return client;
    }

    @Override
    public boolean canStop() {
        return true;
    }

    /** Its pooled connections die with the server, so the client is dropped and made anew after a restart. */
    @Override
    public final synchronized void stop() {
        closeClient();
        takeDown();
    }

    @Override
    public final synchronized void start() {
        bringBack();
    }

    @Override
    public final synchronized void close() {
        closeClient();
        shutdown();
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    protected abstract void takeDown();

    protected abstract void bringBack();

    protected abstract void shutdown();
}
