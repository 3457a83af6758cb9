package io.fnpulse.dashboard.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.redis.BoundedStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the runtime's calls log, {@code <O>:calls} (its entries are {@link CallRecord}s): the newest {@value #NEWEST} entries the first time, then
 * the entries after the last one seen, a page of {@value #NEWEST} at a time and at most {@value #PAGES_PER_READ}
 * pages per poll. Each entry's size is checked on the server before it is read ({@link BoundedStream}).
 */
public final class CallsFollower {

    static final int NEWEST = 100;
    static final int PAGES_PER_READ = 5;

    /** The new calls, oldest first; {@code present}: the log exists. */
    public record Read(boolean present, List<LoggedCall> calls, boolean more) {
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
            List<LoggedCall> calls = new ArrayList<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                calls.add(parse(newestFirst.get(i)));
            }
            return new Read(true, calls, false);
        }
        List<LoggedCall> calls = new ArrayList<>();
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

    /** An entry that is not a calls log entry this dashboard reads is shown as an error, never dropped. */
    private LoggedCall parse(BoundedStream.Entry entry) {
        String problem;
        if (entry instanceof BoundedStream.Entry.Data data) {
            try {
                CallRecord call = mapper.readValue(data.data(), CallRecord.class);
                if (call != null) {
                    return new LoggedCall(entry.id(), call);
                }
                problem = "the entry's data is null";
            } catch (JsonProcessingException e) {
                problem = "the entry's data is not a calls log entry (" + e.getOriginalMessage() + ")";
            }
        } else if (entry instanceof BoundedStream.Entry.TooLarge large) {
            problem = "the entry holds " + large.bytes() + " bytes, more than MAX_VALUE_BYTES";
        } else {
            problem = "the entry has no data field";
        }
        ErrorReport error = ErrorReport.of("UnreadableEntry", problem);
        return new LoggedCall(
                entry.id(), new CallRecord(null, null, null, null, null, null, error, null, null, null, null));
    }
}
