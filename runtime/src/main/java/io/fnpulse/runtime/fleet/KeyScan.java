package io.fnpulse.runtime.fleet;

import io.fnpulse.service.function.KeyPattern;
import io.fnpulse.service.redis.KeyScanner;
import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;

/** Every key of the pattern that exists now, of the type the trigger reads, by a full SCAN. */
public final class KeyScan {

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
        Set<String> keys = new HashSet<>();
        KeyScanner.scan(redis, pattern.glob(), type, page -> {
            for (String key : page) {
                if (pattern.suffixOf(key).isPresent() && keys.size() < MAX_KEYS) {
                    keys.add(key);
                }
            }
            return keys.size() < MAX_KEYS;
        });
        return keys;
    }
}
