package io.fnpulse.stack.author.replay;

import io.fnpulse.service.function.HistoryEntry;
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
        Optional<HistoryEntry> read = HistoryEntry.of(entry.getFields());
        if (read.isEmpty()) {
            return;
        }
        HistoryEntry recorded = read.get();
        entries++;
        recorded.streamId().ifPresent(id -> byStreamId.putIfAbsent(id, recorded.data()));
        if (!recorded.inputDigest().isEmpty()) {
            byDigest.computeIfAbsent(recorded.inputDigest(), d -> new ArrayList<>())
                    .add(new Recorded(entry.getID().getTime(), recorded.data()));
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
