package io.fnpulse.dashboard.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.dashboard.poll.BoundedStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the runtime's calls log, {@code <O>:calls} (§8.4): the newest {@value #NEWEST} entries the first time, then
 * the entries after the last one seen, a page of {@value #NEWEST} at a time and at most {@value #PAGES_PER_READ}
 * pages per poll. Each entry's size is checked on the server before it is read ({@link BoundedStream}).
 */
public final class CallsFollower {

    static final int NEWEST = 100;
    static final int PAGES_PER_READ = 5;

    /** The new calls, oldest first, each its {@code data} object plus {@code id}; {@code present}: the log exists. */
    public record Read(boolean present, List<ObjectNode> calls, boolean more) {
        public static final Read NONE = new Read(false, List.of(), false);
    }

    private final BoundedStream stream;
    private final ObjectMapper mapper;
    private final String key;
    private String position;

    public CallsFollower(BoundedStream stream, ObjectMapper mapper, String key) {
        this.stream = stream;
        this.mapper = mapper;
        this.key = key;
    }

    /** Throws a {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be reached. */
    public Read read() {
        if (position == null) {
            BoundedStream.Page page = stream.newest(key, NEWEST);
            if (!(page instanceof BoundedStream.Page.Entries entries)) {
                return Read.NONE;
            }
            List<BoundedStream.Entry> newestFirst = entries.entries();
            position = newestFirst.isEmpty() ? "-" : "(" + newestFirst.get(0).id();
            List<ObjectNode> calls = new ArrayList<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                calls.add(parse(newestFirst.get(i)));
            }
            return new Read(true, calls, false);
        }
        List<ObjectNode> calls = new ArrayList<>();
        for (int i = 0; i < PAGES_PER_READ; i++) {
            BoundedStream.Page page = stream.after(key, position, NEWEST);
            if (!(page instanceof BoundedStream.Page.Entries entries)) {
                position = null;
                return Read.NONE;
            }
            entries.entries().forEach(entry -> calls.add(parse(entry)));
            if (!entries.entries().isEmpty()) {
                position = "("
                        + entries.entries().get(entries.entries().size() - 1).id();
            }
            if (entries.entries().size() < NEWEST) {
                return new Read(true, calls, false);
            }
        }
        return new Read(true, calls, true);
    }

    private ObjectNode parse(BoundedStream.Entry entry) {
        ObjectNode call = null;
        if (entry.readable()) {
            try {
                JsonNode node = mapper.readTree(entry.data());
                if (node != null && node.isObject()) {
                    call = (ObjectNode) node;
                }
            } catch (JsonProcessingException e) {
                call = null;
            }
        }
        if (call == null) {
            call = mapper.createObjectNode().put("outcome", "unreadable");
            call.putObject("error")
                    .put("type", "UnreadableEntry")
                    .put(
                            "message",
                            entry.tooLargeBytes() > 0
                                    ? "the entry holds " + entry.tooLargeBytes() + " bytes, more than MAX_VALUE_BYTES"
                                    : "the entry's data is not a JSON object");
        }
        call.put("id", entry.id());
        return call;
    }
}
