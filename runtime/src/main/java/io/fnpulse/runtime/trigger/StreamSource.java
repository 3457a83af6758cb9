package io.fnpulse.runtime.trigger;

import io.fnpulse.service.redis.BoundedStream;
import io.fnpulse.service.redis.LuaScript;
import io.fnpulse.service.text.Bytes;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * TRIGGER=stream: every entry of the input stream, through a consumer group, in stream order. Entries are read by a
 * script on the server that measures each one's {@code data} field before it crosses the network ({@link
 * BoundedStream}), so an entry over MAX_INPUT_BYTES is named, never read (the script cannot block, so the loop is woken by keyspace notifications for
 * the stream, or else at its poll interval). On becoming active the consumer first claims the group's pending
 * entries — those a replica that died had read but not acknowledged — and handles its own pending ones, then reads
 * new ones; a batch is handed on whole, so a backlog drains without waiting for ticks.
 */
public final class StreamSource implements InputSource {

    private static final int BATCH = 100;
    /** The most undelivered entries counted where the server does not keep the lag (Redis before 7). */
    private static final int COUNTED = 1_000;

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
    private final BoundedStream entries;
    private final String stream;
    private final String group;
    private final String consumer;
    private final DigestsAhead digests;
    /** Where the own pending entries are read from; null once they are done and new ones are read. */
    private String pendingCursor;

    public StreamSource(
            UnifiedJedis redis, String stream, String group, String consumer, long maxBytes, DigestsAhead digests) {
        this.redis = redis;
        this.digests = digests;
        this.entries = new BoundedStream(redis, maxBytes);
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
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
        List<Input> inputs = new ArrayList<>();
        for (BoundedStream.Entry entry : entries.readGroup(stream, group, consumer, from, BATCH)) {
            inputs.add(input(entry));
        }
        return inputs;
    }

    private Input input(BoundedStream.Entry entry) {
        String id = entry.id();
        if (entry instanceof BoundedStream.Entry.Data data) {
            return new Input.Entry(id, data.data(), digests.of(data.data()));
        }
        String problem;
        if (entry instanceof BoundedStream.Entry.TooLarge large) {
            problem = "holds " + Bytes.describe(large.bytes()) + " of data, more than MAX_INPUT_BYTES ("
                    + Bytes.describe(entries.maxBytes()) + "); it was not read";
        } else if (entry instanceof BoundedStream.Entry.NoData) {
            problem = "has no field data, which must hold the JSON object";
        } else {
            problem = "was trimmed from the stream before it was handled; its data is gone";
        }
        return new Input.BadEntry(id, "stream entry " + id + " of " + stream + " " + problem, "entry:" + id);
    }

    /**
     * The group's backlog: entries pending or not yet delivered ({@code XINFO GROUPS}' lag where the server has it,
     * Redis 7; counted otherwise, up to {@value #COUNTED} undelivered: counting means reading them on the server).
     */
    @Override
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
