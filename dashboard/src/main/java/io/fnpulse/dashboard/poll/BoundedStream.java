package io.fnpulse.dashboard.poll;

import io.fnpulse.service.redis.LuaScript;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads a page of a Redis Stream whose entries hold one field, {@code data} (§8.4), without ever reading an entry
 * longer than a limit: on the server, in one script, the key's type is checked and each entry's {@code data} measured
 * before it is returned, so a 50 MB entry or a key of another type costs a few bytes on the wire, never the heap.
 */
public final class BoundedStream {

    private static final LuaScript READ = new LuaScript("""
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind == 'none' then return {'none'} end
            if kind ~= 'stream' then return {'type', kind} end
            local limit = tonumber(ARGV[4])
            local entries
            if ARGV[1] == 'rev' then
              entries = redis.call('XREVRANGE', KEYS[1], ARGV[3], ARGV[2], 'COUNT', ARGV[5])
            else
              entries = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[3], 'COUNT', ARGV[5])
            end
            local out = {}
            for i, entry in ipairs(entries) do
              local fields = entry[2]
              local data = nil
              for j = 1, #fields, 2 do
                if fields[j] == 'data' then data = fields[j + 1] end
              end
              if data == nil then
                out[i] = {entry[1], 'missing'}
              elseif string.len(data) > limit then
                out[i] = {entry[1], 'size', string.len(data)}
              else
                out[i] = {entry[1], 'value', data}
              end
            end
            return {'stream', out}""");

    /** One entry: its ID, and its {@code data}, or why it has none that can be read. */
    public record Entry(String id, String data, long tooLargeBytes) {

        /** The entry ID's time part: for the history, the output's commit time in epoch milliseconds. */
        public long millis() {
            int dash = id.indexOf('-');
            return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
        }

        public boolean readable() {
            return data != null;
        }
    }

    /** What a read found: no such key, a key of another type, or a page of entries. */
    public sealed interface Page {
        record Absent() implements Page {}

        record WrongType(String type) implements Page {}

        record Entries(List<Entry> entries) implements Page {}
    }

    private final UnifiedJedis redis;
    private final long maxBytes;

    public BoundedStream(UnifiedJedis redis, long maxBytes) {
        this.redis = redis;
        this.maxBytes = maxBytes;
    }

    /** Up to {@code count} entries from {@code start} (an ID, {@code (ID} for after it, or {@code -}), oldest first. */
    public Page after(String key, String start, int count) {
        return read(key, "fwd", start, "+", count);
    }

    /** The newest {@code count} entries, newest first. */
    public Page newest(String key, int count) {
        return read(key, "rev", "-", "+", count);
    }

    private Page read(String key, String direction, String from, String to, int count) {
        Object reply = READ.run(
                redis, List.of(key), List.of(direction, from, to, Long.toString(maxBytes), Integer.toString(count)));
        List<?> parts = (List<?>) reply;
        String tag = String.valueOf(parts.get(0));
        return switch (tag) {
            case "none" -> new Page.Absent();
            case "type" -> new Page.WrongType(String.valueOf(parts.get(1)));
            case "stream" -> new Page.Entries(entries((List<?>) parts.get(1)));
            default -> throw new IllegalStateException("unexpected reply from the bounded stream read: " + reply);
        };
    }

    private static List<Entry> entries(List<?> items) {
        List<Entry> out = new ArrayList<>(items.size());
        for (Object item : items) {
            List<?> fields = (List<?>) item;
            String id = String.valueOf(fields.get(0));
            String tag = String.valueOf(fields.get(1));
            out.add(
                    switch (tag) {
                        case "value" -> new Entry(id, String.valueOf(fields.get(2)), 0);
                        case "size" -> new Entry(id, null, ((Number) fields.get(2)).longValue());
                        default -> new Entry(id, null, 0);
                    });
        }
        return out;
    }
}
