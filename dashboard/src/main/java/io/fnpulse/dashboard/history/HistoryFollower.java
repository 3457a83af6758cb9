package io.fnpulse.dashboard.history;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.poll.Output;
import io.fnpulse.dashboard.poll.OutputParser;
import io.fnpulse.dashboard.poll.Problem;
import io.fnpulse.service.redis.BoundedStream;
import io.fnpulse.service.text.Bytes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the runtime's output history, {@code <O>:history} (a {@link io.fnpulse.service.function.HistoryEntry}, of which only {@code data} is read): where the stream exists, its entries are the
 * dashboard's samples, no more and no fewer. The first read loads the window (from now minus {@code HISTORY_MINUTES}),
 * every later one reads the entries after the last one seen, a page of {@value #PAGE} at a time and at most
 * {@value #PAGES_PER_READ} pages per poll, so a day of history loads over a few turns without holding up the loop.
 */
public final class HistoryFollower {

    static final int PAGE = 1_000;
    static final int PAGES_PER_READ = 20;

    /** One entry: the output's commit time (epoch ms) and what its {@code data} holds. */
    public record Entry(String id, long t, Output output) {}

    /** What one read found. {@code fresh}: the stream was (re)found and these entries replace the history. */
    public record Read(Kind kind, List<Entry> entries, boolean fresh, boolean more, String type) {

        public enum Kind {
            /** No stream: samples come from polling the output key. */
            ABSENT,
            /** The key holds another type; treated as absent, and said once. */
            WRONG_TYPE,
            STREAM
        }

        public static final Read NONE = new Read(Kind.ABSENT, List.of(), false, false, null);

        public boolean following() {
            return kind == Kind.STREAM;
        }
    }

    private final BoundedStream stream;
    private final OutputParser parser;
    private final String key;
    private final Duration window;
    private final Clock clock;
    private String position;

    public HistoryFollower(BoundedStream stream, OutputParser parser, String key, Duration window, Clock clock) {
        this.stream = stream;
        this.parser = parser;
        this.key = key;
        this.window = window;
        this.clock = clock;
    }

    public String key() {
        return key;
    }

    /** Throws a {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be reached. */
    public Read read() {
        boolean fresh = position == null;
        String start = fresh ? (clock.millis() - window.toMillis()) + "-0" : position;
        List<Entry> entries = new ArrayList<>();
        for (int page = 0; page < PAGES_PER_READ; page++) {
            BoundedStream.Page read = stream.after(key, start, PAGE);
            if (read instanceof BoundedStream.Page.Absent) {
                position = null;
                return Read.NONE;
            }
            if (read instanceof BoundedStream.Page.WrongType wrong) {
                position = null;
                return new Read(Read.Kind.WRONG_TYPE, List.of(), false, false, wrong.type());
            }
            List<BoundedStream.Entry> got = ((BoundedStream.Page.Entries) read).entries();
            got.forEach(entry -> entries.add(parse(entry)));
            if (!got.isEmpty()) {
                start = "(" + got.get(got.size() - 1).id();
            }
            if (got.size() < PAGE) {
                position = start;
                return new Read(Read.Kind.STREAM, entries, fresh, false, null);
            }
        }
        position = start;
        return new Read(Read.Kind.STREAM, entries, fresh, true, null);
    }

    private Entry parse(BoundedStream.Entry entry) {
        if (entry instanceof BoundedStream.Entry.Data data) {
            return new Entry(entry.id(), entry.millis(), parser.parse(data.data()));
        }
        if (entry instanceof BoundedStream.Entry.TooLarge large) {
            return unusable(
                    entry,
                    Problem.Kind.TOO_LARGE,
                    "holds " + Bytes.describe(large.bytes()) + ", more than " + DashboardConfig.MAX_VALUE_BYTES
                            + "; it was not read");
        }
        return unusable(entry, Problem.Kind.MISSING_KEY, "has no data field");
    }

    private Entry unusable(BoundedStream.Entry entry, Problem.Kind kind, String what) {
        String why = "entry " + entry.id() + " of " + key + " " + what;
        return new Entry(entry.id(), entry.millis(), new Output.Unusable(new Problem(kind, why)));
    }
}
