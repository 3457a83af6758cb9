package io.fnpulse.dashboard.fleet;

import java.util.List;
import java.util.TreeMap;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.ScanIteration;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The hosts whose output exists now, by a full SCAN of string keys matching the pattern (so streams such as
 * {@code :history} never count), {@code COUNT} keys a step. At most {@code maxHosts} are kept, the first by name, so
 * the same hosts are kept from one scan to the next; how many matched is counted all the same.
 */
public final class HostScan {

    /** What one scan found: the hosts kept, by name, with their keys, and how many matched in all. */
    public record Found(TreeMap<String, String> hosts, int matched) {
        public boolean capped() {
            return matched > hosts.size();
        }
    }

    static final int COUNT = 1_000;

    private final UnifiedJedis redis;
    private final HostPattern pattern;
    private final int maxHosts;

    public HostScan(UnifiedJedis redis, HostPattern pattern, int maxHosts) {
        this.redis = redis;
        this.pattern = pattern;
        this.maxHosts = maxHosts;
    }

    public Found scan() {
        TreeMap<String, String> hosts = new TreeMap<>();
        int matched = 0;
        if (redis instanceof RedisClusterClient cluster) {
            ScanIteration iteration = cluster.scanIteration(COUNT, pattern.glob(), "string");
            while (!iteration.isIterationCompleted()) {
                matched += keep(iteration.nextBatch().getResult(), hosts);
            }
            return new Found(hosts, matched);
        }
        ScanParams params = new ScanParams().match(pattern.glob()).count(COUNT);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params, "string");
            matched += keep(page.getResult(), hosts);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return new Found(hosts, matched);
    }

    private int keep(List<String> keys, TreeMap<String, String> hosts) {
        int matched = 0;
        for (String key : keys) {
            String host = pattern.hostOf(key).orElse(null);
            if (host == null || hosts.containsKey(host)) {
                continue;
            }
            matched++;
            hosts.put(host, key);
            if (hosts.size() > maxHosts) {
                hosts.pollLastEntry();
            }
        }
        return matched;
    }
}
