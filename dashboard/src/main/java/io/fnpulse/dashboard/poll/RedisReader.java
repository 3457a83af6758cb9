package io.fnpulse.dashboard.poll;

import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads the output key and, when configured, the runtime's status key in one round trip. MGET rather than GET so
 * that a key of another type reads as absent instead of failing with WRONGTYPE.
 */
public final class RedisReader {

    public record Raw(String output, String status) {
    }

    private final UnifiedJedis redis;
    private final String[] keys;

    public RedisReader(UnifiedJedis redis, String outputKey, Optional<String> statusKey) {
        this.redis = redis;
        this.keys = statusKey.map(status -> new String[] {outputKey, status}).orElse(new String[] {outputKey});
    }

    /** Throws a {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be reached or refuses. */
    public Raw read() {
        List<String> values = redis.mget(keys);
        return new Raw(values.get(0), values.size() > 1 ? values.get(1) : null);
    }
}
