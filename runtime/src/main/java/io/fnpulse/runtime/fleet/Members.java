package io.fnpulse.runtime.fleet;

import io.fnpulse.service.redis.LuaScript;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The replicas serving one fleet, in a sorted set scored by when each one's membership runs out: a replica renews its
 * own entry every third of a lease, and one that stops renewing leaves the list when its lease would have run out.
 */
public final class Members {

    private static final LuaScript BEAT = new LuaScript("""
            -- KEYS: members; ARGV: member, expiry (ms from now). Renews the member, forgets the expired, lists the live.
            local now = redis.call('TIME')
            local millis = now[1] * 1000 + math.floor(now[2] / 1000)
            redis.call('ZADD', KEYS[1], millis + tonumber(ARGV[2]), ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', millis)
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 10)
            return redis.call('ZRANGE', KEYS[1], 0, -1)""");

    private final UnifiedJedis redis;
    private final String key;
    private final String me;
    private final Duration lease;

    /** @param key where the members are kept: {@code fnpulse:fleet:{<output key>}:members} */
    public Members(UnifiedJedis redis, String key, String me, Duration lease) {
        this.redis = redis;
        this.key = key;
        this.me = me;
        this.lease = lease;
    }

    public static String keyFor(String outputKey) {
        return "fnpulse:fleet:{" + outputKey + "}:members";
    }

    /** Renews this replica's membership and returns every live member, this one included. */
    public List<String> beat() {
        return ((List<?>) BEAT.run(redis, List.of(key), List.of(me, Long.toString(lease.toMillis()))))
                .stream().map(String::valueOf).toList();
    }

    public void leave() {
        redis.zrem(key, me);
    }

    public String me() {
        return me;
    }
}
