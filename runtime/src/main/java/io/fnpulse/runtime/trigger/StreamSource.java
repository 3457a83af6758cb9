package io.fnpulse.runtime.trigger;

import io.fnpulse.service.redis.LuaScript;
import io.fnpulse.service.text.Bytes;
import io.fnpulse.service.text.Digest;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * TRIGGER=stream: every entry of the input stream, through a consumer group, in stream order. Entries are read by a
 * script on the server that measures each one's {@code data} field before it crosses the network, so an entry over
 * MAX_INPUT_BYTES is named, never read (the script cannot block, so the loop is woken by keyspace notifications for
 * the stream, or else at its poll interval). On becoming active the consumer first claims the group's pending
 * entries — those a replica that died had read but not acknowledged — and handles its own pending ones, then reads
 * new ones; a batch is handed on whole, so a backlog drains without waiting for ticks.
 */
public final class StreamSource implements InputSource {

    private static final int BATCH = 100;
    /** The most undelivered entries counted where the server does not keep the lag (Redis before 7). */
    private static final int COUNTED = 1_000;

    private static final LuaScript READ = new LuaScript("""
            -- KEYS: stream; ARGV: group consumer count id maxBytes
            local ok, reply = pcall(redis.call, 'XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3],
                'STREAMS', KEYS[1], ARGV[4])
            if not ok then
              if string.find(tostring(reply.err or reply), 'NOGROUP') then
                redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
                return {}
              end
              return redis.error_reply(reply.err or tostring(reply))
            end
            local out = {}
            if not reply then
              return out
            end
            local limit = tonumber(ARGV[5])
            for i, entry in ipairs(reply[1][2]) do
              local fields = entry[2]
              if not fields then
                out[i] = {entry[1], 'gone'}
              else
                local data = nil
                for j = 1, #fields, 2 do
                  if fields[j] == 'data' then data = fields[j + 1] end
                end
                if data == nil then
                  out[i] = {entry[1], 'nodata'}
                elseif string.len(data) > limit then
                  out[i] = {entry[1], 'size', string.len(data)}
                else
                  out[i] = {entry[1], 'data', data}
                end
              end
            end
            return out""");
    private static final LuaScript CLAIM = new LuaScript("""
            -- KEYS: stream; ARGV: group consumer; claims every pending entry of the group for this consumer
            local ok, err = pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
            local claimed = 0
            local cursor = '0-0'
            repeat
              local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, cursor, 'COUNT', 100, 'JUSTID')
              cursor = reply[1]
              claimed = claimed + #reply[2]
            until cursor == '0-0'
            return claimed""");
    private static final LuaScript BACKLOG = new LuaScript("""
            -- KEYS: stream; ARGV: group. Entries not yet acknowledged: pending plus not yet delivered.
            local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
            if not ok then
              return 0
            end
            for _, group in ipairs(groups) do
              local info = {}
              for i = 1, #group, 2 do
                info[group[i]] = group[i + 1]
              end
              if info['name'] == ARGV[1] then
                if info['lag'] then
                  return info['pending'] + info['lag']
                end
                local after = redis.call('XRANGE', KEYS[1], '(' .. info['last-delivered-id'], '+', 'COUNT', ARGV[2])
                return info['pending'] + #after
              end
            end
            return redis.call('XLEN', KEYS[1])""");

    private final UnifiedJedis redis;
    private final String stream;
    private final String group;
    private final String consumer;
    private final long maxBytes;
    /** Where the own pending entries are read from; null once they are done and new ones are read. */
    private String pendingCursor;

    public StreamSource(UnifiedJedis redis, String stream, String group, String consumer, long maxBytes) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
        this.maxBytes = maxBytes;
    }

    /** Creates the group if missing (from the stream's beginning) and claims its pending entries. */
    @Override
    public void becameActive(String lastHandledDigest) {
        CLAIM.run(redis, List.of(stream), List.of(group, consumer));
        pendingCursor = "0";
    }

    /** How many pending entries were claimed is not needed by the loop; the log line is the loop's. */
    @Override
    public List<Input> next() {
        if (pendingCursor != null) {
            List<Input> pending = read(pendingCursor);
            if (!pending.isEmpty()) {
                pendingCursor = pending.get(pending.size() - 1).streamId().orElseThrow();
                return pending;
            }
            pendingCursor = null;
        }
        return read(">");
    }

    private List<Input> read(String from) {
        List<?> reply = (List<?>) READ.run(
                redis,
                List.of(stream),
                List.of(group, consumer, Integer.toString(BATCH), from, Long.toString(maxBytes)));
        List<Input> inputs = new ArrayList<>(reply.size());
        for (Object item : reply) {
            List<?> entry = (List<?>) item;
            String id = String.valueOf(entry.get(0));
            switch (String.valueOf(entry.get(1))) {
                case "data" -> {
                    String data = String.valueOf(entry.get(2));
                    inputs.add(new Input.Entry(id, data, Digest.ofText(data)));
                }
                case "size" ->
                    inputs.add(new Input.BadEntry(
                            id,
                            "stream entry " + id + " of " + stream + " holds "
                                    + Bytes.describe(((Number) entry.get(2)).longValue())
                                    + " of data, more than MAX_INPUT_BYTES ("
                                    + Bytes.describe(maxBytes) + "); it was not read",
                            "entry:" + id));
                case "nodata" ->
                    inputs.add(new Input.BadEntry(
                            id,
                            "stream entry " + id + " of " + stream
                                    + " has no field data, which must hold the JSON object",
                            "entry:" + id));
                default ->
                    inputs.add(new Input.BadEntry(
                            id,
                            "stream entry " + id + " of " + stream + " was trimmed"
                                    + " from the stream before it was handled; its data is gone",
                            "entry:" + id));
            }
        }
        return inputs;
    }

    /**
     * The group's backlog: entries pending or not yet delivered ({@code XINFO GROUPS}' lag where the server has it,
     * Redis 7; counted otherwise, up to {@value #COUNTED} undelivered: counting means reading them on the server).
     */
    public long backlog() {
        return ((Number) BACKLOG.run(redis, List.of(stream), List.of(group, Integer.toString(COUNTED)))).longValue();
    }

    /** The entries handed out stay pending until acknowledged: read the pending ones again, from the start. */
    @Override
    public void again() {
        pendingCursor = "0";
    }

    /** Acknowledged in the commit that ends it; nothing to remember here. */
    @Override
    public void handled(Input input) {}

    public String stream() {
        return stream;
    }
}
