package io.fnpulse.stack.author.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.resps.StreamEntry;

/**
 * What the running function recorded in its output history ({@code <output key>:history}): each entry's
 * {@code data} is an output, {@code streamId} the input stream entry it came from (TRIGGER=stream) and
 * {@code inputDigest} the digest of its input, as the calls log has it. An output is found for an input entry by its
 * stream entry ID, else by the digest of its data: the first output recorded for that digest at or after the entry
 * was added (the same value can come more than once).
 */
final class RecordedOutputs {

    static final String DATA = "data";
    static final String STREAM_ID = "streamId";
    static final String INPUT_DIGEST = "inputDigest";

    private record Recorded(long atMillis, String data) {}

    private final Map<String, String> byStreamId = new HashMap<>();
    private final Map<String, List<Recorded>> byDigest = new HashMap<>();
    private int entries;

    /** Reads the history from {@code start} on (nothing older can be the output of a replayed entry). */
    static RecordedOutputs read(StreamReader history, String start) {
        RecordedOutputs outputs = new RecordedOutputs();
        history.lastId().ifPresent(end -> history.forEach(start, end, outputs::add));
        return outputs;
    }

    private void add(StreamEntry entry) {
        Map<String, String> fields = entry.getFields();
        String data = fields.get(DATA);
        if (data == null) {
            return;
        }
        entries++;
        String streamId = fields.get(STREAM_ID);
        if (streamId != null) {
            byStreamId.putIfAbsent(streamId, data);
        }
        String digest = fields.get(INPUT_DIGEST);
        if (digest != null) {
            byDigest.computeIfAbsent(digest, d -> new ArrayList<>())
                    .add(new Recorded(entry.getID().getTime(), data));
        }
    }

    /** The output recorded for the input entry {@code streamId} whose data has {@code digest}. */
    Optional<String> forEntry(String streamId, long addedAtMillis, String digest) {
        String exact = byStreamId.get(streamId);
        if (exact != null) {
            return Optional.of(exact);
        }
        return byDigest.getOrDefault(digest, List.of()).stream()
                .filter(recorded -> recorded.atMillis() >= addedAtMillis)
                .map(Recorded::data)
                .findFirst();
    }

    /** Whether any history entry says which input it came from: without that nothing can be paired. */
    boolean namesInputs() {
        return !byStreamId.isEmpty() || !byDigest.isEmpty();
    }

    int entries() {
        return entries;
    }
}
