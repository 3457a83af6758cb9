package io.fnpulse.service.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads string keys without ever reading more than a limit: on the server, in one script, each key's type and
 * {@code STRLEN} are checked before its {@code GET}, so a 50 MB value or a key of another type costs a few bytes on the
 * wire, never the heap. Every read of a value that someone else can write goes through here.
 */
public final class BoundedReader {

    private static final LuaScript READ = new LuaScript("""
            local out = {}
            local limit = tonumber(ARGV[1])
            for i, key in ipairs(KEYS) do
              local kind = redis.call('TYPE', key)['ok']
              if kind == 'none' then
                out[i] = {'none'}
              elseif kind ~= 'string' then
                out[i] = {'type', kind}
              else
                local length = redis.call('STRLEN', key)
                if length > limit then
                  out[i] = {'size', length}
                else
                  out[i] = {'value', redis.call('GET', key)}
                end
              end
            end
            return out""");

    private final UnifiedJedis redis;

    public BoundedReader(UnifiedJedis redis) {
        this.redis = redis;
    }

    public KeyRead read(String key, long maxBytes) {
        return read(List.of(key), maxBytes).get(0);
    }

    /** Reads several keys in one round trip (on a Redis Cluster they must share a hash slot). */
    public List<KeyRead> read(List<String> keys, long maxBytes) {
        Object reply = READ.run(redis, keys, List.of(Long.toString(maxBytes)));
        List<KeyRead> reads = new ArrayList<>(keys.size());
        for (Object item : (List<?>) reply) {
            reads.add(decode((List<?>) item, maxBytes));
        }
        return reads;
    }

    private static KeyRead decode(List<?> item, long limit) {
        String tag = String.valueOf(item.get(0));
        return switch (tag) {
            case "none" -> new KeyRead.Absent();
            case "type" -> new KeyRead.WrongType(String.valueOf(item.get(1)));
            case "size" -> new KeyRead.TooLarge(((Number) item.get(1)).longValue(), limit);
            case "value" -> new KeyRead.Value(String.valueOf(item.get(1)));
            default -> throw new IllegalStateException("unexpected reply from the bounded read script: " + item);
        };
    }
}
