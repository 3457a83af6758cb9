package io.fnpulse.bench.rig;

import io.fnpulse.service.lifecycle.DaemonThreads;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Timestamps every write of one key as Redis announces it on the key's keyspace channel: "output written" measured
 * at the moment the server applies the SET (or, for a stream, the XADD), with no polling of our own to blur it.
 */
public final class KeyWrites implements AutoCloseable {

    private final Jedis connection;
    private final BlockingQueue<Long> writes = new LinkedBlockingQueue<>();
    private final JedisPubSub pubSub;
    private final Thread thread;

    /** Every SET of {@code key}. */
    public KeyWrites(BenchRedis redis, String key) {
        this(redis, key, "set");
    }

    /** Every command {@code event} (a keyspace event name: set, xadd, ...) on {@code key}. */
    public KeyWrites(BenchRedis redis, String key, String event) {
        this.connection = redis.connect();
        CountDownLatch subscribed = new CountDownLatch(1);
        this.pubSub = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                long at = System.nanoTime();
                if (event.equals(message)) {
                    writes.add(at);
                }
            }

            @Override
            public void onSubscribe(String channel, int count) {
                subscribed.countDown();
            }
        };
        this.thread = DaemonThreads.daemon(
                () -> {
                    try {
                        connection.subscribe(pubSub, "__keyspace@0__:" + key);
                    } catch (RuntimeException e) {
                        // closed by close(), or Redis went away: either way there is nothing more to timestamp
                    }
                },
                "key-writes-" + key);
        this.thread.start();
        try {
            if (!subscribed.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not subscribe to the keyspace channel of " + key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The System.nanoTime of the next write, or -1 when none comes within the timeout. */
    public long next(long timeoutMillis) throws InterruptedException {
        Long at = writes.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        return at == null ? -1 : at;
    }

    /** Forgets writes seen so far, e.g. those of a warm-up. */
    public void clear() {
        writes.clear();
    }

    @Override
    public void close() {
        try {
            pubSub.unsubscribe();
        } catch (RuntimeException e) {
            // already gone
        }
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
