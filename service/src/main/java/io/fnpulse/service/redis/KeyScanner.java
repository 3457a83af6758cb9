package io.fnpulse.service.redis;

import java.util.List;
import java.util.function.Predicate;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A full SCAN of the keys of one type matching a glob, a page at a time: on one server with SCAN's cursor, on a
 * Cluster every master's keys one after the other (a plain SCAN would see one node only).
 */
public final class KeyScanner {

    /** Keys asked for per SCAN step. */
    public static final int COUNT = 1_000;

    private KeyScanner() {}

    /** Hands each page of keys to {@code page}; a page for which it answers false ends the scan. */
    public static void scan(UnifiedJedis redis, String glob, String type, Predicate<List<String>> page) {
        if (redis instanceof RedisClusterClient cluster) {
            ScanIteration iteration = cluster.scanIteration(COUNT, glob, type);
            while (!iteration.isIterationCompleted()) {
                if (!page.test(iteration.nextBatch().getResult())) {
                    return;
                }
            }
            return;
        }
        ScanParams params = new ScanParams().match(glob).count(COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> found = redis.scan(cursor, params, type);
            if (!page.test(found.getResult())) {
                return;
            }
            cursor = found.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
}
