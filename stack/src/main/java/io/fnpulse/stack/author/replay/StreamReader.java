package io.fnpulse.stack.author.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Reads one stream with XRANGE and XREVRANGE only — commands that change nothing — a page at a time, so no reply is
 * larger than a page of entries, whatever the stream's length.
 */
final class StreamReader {

    static final int PAGE = 200;

    private final UnifiedJedis redis;
    private final String key;

    StreamReader(UnifiedJedis redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    String key() {
        return key;
    }

    /** The newest entry's ID, which bounds a read so that entries added while it runs are left for the next. */
    Optional<String> lastId() {
        List<StreamEntry> last = redis.xrevrange(key, "+", "-", 1);
        return last.isEmpty()
                ? Optional.empty()
                : Optional.of(last.get(0).getID().toString());
    }

    /** Every entry from {@code start} (an ID, or {@code -}) to {@code end}, both included, oldest first. */
    void forEach(String start, String end, Consumer<StreamEntry> each) {
        String from = start;
        while (true) {
            List<StreamEntry> page = redis.xrange(key, from, end, PAGE);
            page.forEach(each);
            if (page.size() < PAGE) {
                return;
            }
            from = "(" + page.get(page.size() - 1).getID();
        }
    }

    /** The last {@code count} entries up to {@code end}, oldest first. */
    List<StreamEntry> last(int count, String end) {
        List<StreamEntry> newestFirst = new ArrayList<>();
        String to = end;
        while (newestFirst.size() < count) {
            List<StreamEntry> page = redis.xrevrange(key, to, "-", Math.min(PAGE, count - newestFirst.size()));
            newestFirst.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
            to = "(" + page.get(page.size() - 1).getID();
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
