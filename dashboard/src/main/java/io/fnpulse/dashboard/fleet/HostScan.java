package io.fnpulse.dashboard.fleet;

import io.fnpulse.service.redis.KeyScanner;
import java.util.List;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * The hosts whose output exists now, by a full SCAN of string keys matching the pattern (so streams such as
 * {@code :history} never count). At most {@code maxHosts} are kept, the first by name, so
 * the same hosts are kept from one scan to the next; how many matched is counted all the same.
 */
public final class HostScan {

    /** What one scan found: the hosts kept, by name, with their keys, and how many matched in all. */
    public record Found(TreeMap<String, String> hosts, int matched) {
        public boolean capped() {
            return matched > hosts.size();
        }
    }

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
        int[] matched = {0};
        KeyScanner.scan(redis, pattern.glob(), "string", page -> {
            matched[0] += keep(page, hosts);
            return true;
        });
        return new Found(hosts, matched[0]);
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
