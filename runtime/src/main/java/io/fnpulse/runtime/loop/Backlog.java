package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.report.RuntimeMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code fnpulse_backlog_entries} and {@code fnpulse_dead_letters} under TRIGGER=stream: the entries waiting in the
 * streams this replica serves (holds the lease of), and those in their dead letter streams, so that the replicas'
 * values add up to the whole fleet's. Counted every
 * {@value #EVERY_SECONDS} s on a loop of its own; a Redis failure is told to {@link RedisHealth}, which logs once when
 * Redis goes and once when it is back, and the last count stays meanwhile.
 */
public final class Backlog {

    private static final int EVERY_SECONDS = 5;
    /** How often the count is refreshed. */
    public static final Duration EVERY = Duration.ofSeconds(EVERY_SECONDS);

    private final Fleet fleet;
    private final RedisHealth redis;
    private final UnifiedJedis client;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();

    public Backlog(Fleet fleet, RedisHealth redis, UnifiedJedis client, RuntimeMetrics metrics) {
        this.fleet = fleet;
        this.redis = redis;
        this.client = client;
        metrics.backlog(entries::get);
        metrics.deadLetters(deadLetters::get);
    }

    /** One turn of its loop: counts, then waits for the next count. */
    public void turn() throws InterruptedException {
        try {
            List<Instance> serving =
                    fleet.instances().stream().filter(Instance::serving).toList();
            long total = 0;
            long dead = 0;
            for (Instance instance : serving) {
                total += instance.backlog();
                Optional<String> deadKey = instance.keys().dead();
                if (deadKey.isPresent()) {
                    dead += client.xlen(deadKey.get());
                }
            }
            entries.set(total);
            deadLetters.set(dead);
            if (!serving.isEmpty()) {
                redis.reachable(); // only a command that went through says so
            }
        } catch (JedisException e) {
            redis.failed(e);
        }
        Thread.sleep(EVERY.toMillis());
    }
}
