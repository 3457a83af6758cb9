package io.fnpulse.runtime.fleet;

import io.fnpulse.service.function.KeyPattern;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Every key of the pattern that exists now, of the type the trigger reads, by a full SCAN. */
public final class KeyScan {

    private static final int COUNT = 1000;
    /** Far beyond a fleet's size; bounds a scan of a pattern someone filled with junk. */
    private static final int MAX_KEYS = 100_000;

    private final UnifiedJedis redis;
    private final KeyPattern pattern;
    private final String type;

    /** @param type {@code string} for the key triggers, {@code stream} for TRIGGER=stream */
    public KeyScan(UnifiedJedis redis, KeyPattern pattern, String type) {
        this.redis = redis;
        this.pattern = pattern;
        this.type = type;
    }

    public Set<String> keys() {
        if (redis instanceof RedisClusterClient cluster) {
            return clusterKeys(cluster);
        }
        Set<String> keys = new HashSet<>();
        ScanParams params = new ScanParams().match(pattern.glob()).count(COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params, type);
            for (String key : page.getResult()) {
                if (pattern.suffixOf(key).isPresent() && keys.size() < MAX_KEYS) {
                    keys.add(key);
                }
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }

    /** On a Cluster, every master's keys, one scan after the other. */
    private Set<String> clusterKeys(RedisClusterClient cluster) {
        Set<String> keys = new HashSet<>();
        ScanIteration iteration = cluster.scanIteration(COUNT, pattern.glob(), type);
        while (!iteration.isIterationCompleted() && keys.size() < MAX_KEYS) {
            for (String key : iteration.nextBatch().getResult()) {
                if (pattern.suffixOf(key).isPresent()) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }
}
