package io.fnpulse.service.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads a page of a Redis Stream whose entries hold one field, {@code data} (every stream fnpulse reads or writes),
 * without ever reading an entry longer than a limit: on the server, in one script, the key's type is checked and each
 * entry's {@code data} measured before it is returned, so a 50 MB entry or a key of another type costs a few bytes on
 * the wire, never the heap. The same script pages through a stream ({@code XRANGE}, {@code XREVRANGE}: the dashboard)
 * and reads it through a consumer group ({@code XREADGROUP}: the runtime's TRIGGER=stream), so both see an entry the
 * same way: its data, too large, without data, or gone (trimmed while pending).
 */
public final class BoundedStream {

    private static final LuaScript READ = new LuaScript("""
            -- KEYS: the stream. ARGV: how (range, revrange or group), maxBytes, count, then for range and revrange
            -- the first and last ID to read (revrange: the newest first), for group the group, the consumer and the
            -- ID to read after (XREADGROUP's: '>' for new entries). A group read creates a missing group (and stream).
            local how, limit, count = ARGV[1], tonumber(ARGV[2]), ARGV[3]
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind ~= 'none' and kind ~= 'stream' then return {'type', kind} end
            local entries
            if how == 'group' then
              local ok, reply = pcall(redis.call, 'XREADGROUP', 'GROUP', ARGV[4], ARGV[5], 'COUNT', count,
                  'STREAMS', KEYS[1], ARGV[6])
              if not ok then
                if not string.find(tostring(reply.err or reply), 'NOGROUP') then
                  return redis.error_reply(reply.err or tostring(reply))
                end
                redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[4], '0', 'MKSTREAM')
                return {'stream', {}}
              end
              entries = reply and reply[1][2] or {}
            elseif kind == 'none' then
              return {'none'}
            elseif how == 'revrange' then
              entries = redis.call('XREVRANGE', KEYS[1], ARGV[5], ARGV[4], 'COUNT', count)
            else
              entries = redis.call('XRANGE', KEYS[1], ARGV[4], ARGV[5], 'COUNT', count)
            end
            local out = {}
            for i, entry in ipairs(entries) do
              local fields = entry[2]
              local data = nil
              if fields then
                for j = 1, #fields, 2 do
                  if fields[j] == 'data' then data = fields[j + 1] end
                end
              end
              if not fields then
                out[i] = {entry[1], 'gone'}
              elseif data == nil then
                out[i] = {entry[1], 'nodata'}
              elseif string.len(data) > limit then
                out[i] = {entry[1], 'size', string.len(data)}
              else
                out[i] = {entry[1], 'data', data}
              end
            end
            return {'stream', out}""");

    /** One entry: its ID, and its {@code data}, or why it has none that can be read. */
    public sealed interface Entry {

        String id();

        /** The entry ID's time part: for the output history, the output's commit time in epoch milliseconds. */
        default long millis() {
            int dash = id().indexOf('-');
            return Long.parseLong(dash < 0 ? id() : id().substring(0, dash));
        }

        record Data(String id, String data) implements Entry {}

        /** Its {@code data} is longer than the limit: not read. */
        record TooLarge(String id, long bytes) implements Entry {}

        /** It has no field {@code data}. */
        record NoData(String id) implements Entry {}

        /** A pending entry trimmed from the stream before it was acknowledged: its fields are gone. */
        record Gone(String id) implements Entry {}
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

    public long maxBytes() {
        return maxBytes;
    }

    /** Up to {@code count} entries from {@code start} (an ID, {@code (ID} for after it, or {@code -}), oldest first. */
    public Page after(String key, String start, int count) {
        return read(key, List.of("range", start, "+"), count);
    }

    /** The newest {@code count} entries, newest first. */
    public Page newest(String key, int count) {
        return read(key, List.of("revrange", "-", "+"), count);
    }

    /**
     * Up to {@code count} entries read through a consumer group as {@code consumer}: with {@code after} {@code >} the
     * entries never delivered to the group, else the consumer's own pending entries after that ID. A missing group is
     * created (reading the stream from its start) and the read is empty.
     *
     * @throws JedisDataException when the key holds something other than a stream
     */
    public List<Entry> readGroup(String stream, String group, String consumer, String after, int count) {
        Page page = read(stream, List.of("group", group, consumer, after), count);
        if (page instanceof Page.WrongType wrong) {
            throw new JedisDataException(
                    "WRONGTYPE " + stream + " holds a " + wrong.type() + ", not a stream to read through a group");
        }
        return page instanceof Page.Entries entries ? entries.entries() : List.of();
    }

    private Page read(String key, List<String> how, int count) {
        List<String> args = new ArrayList<>();
        args.add(how.get(0));
        args.add(Long.toString(maxBytes));
        args.add(Integer.toString(count));
        args.addAll(how.subList(1, how.size()));
        List<?> parts = (List<?>) READ.run(redis, List.of(key), args);
        return switch (String.valueOf(parts.get(0))) {
            case "none" -> new Page.Absent();
            case "type" -> new Page.WrongType(String.valueOf(parts.get(1)));
            case "stream" -> new Page.Entries(entries((List<?>) parts.get(1)));
            default -> throw new IllegalStateException("unexpected reply from the bounded stream read: " + parts);
        };
    }

    private static List<Entry> entries(List<?> items) {
        List<Entry> out = new ArrayList<>(items.size());
        for (Object item : items) {
            List<?> fields = (List<?>) item;
            String id = String.valueOf(fields.get(0));
            out.add(
                    switch (String.valueOf(fields.get(1))) {
                        case "data" -> new Entry.Data(id, String.valueOf(fields.get(2)));
                        case "size" -> new Entry.TooLarge(id, ((Number) fields.get(2)).longValue());
                        case "nodata" -> new Entry.NoData(id);
                        default -> new Entry.Gone(id);
                    });
        }
        return out;
    }
}
