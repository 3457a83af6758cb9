package io.fnpulse.service.function;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the output history ({@code O:history}), written in the commit of every output: its ID is the commit
 * time, field {@code data} the output JSON exactly as written to {@code O}, and the fields {@code inputDigest} (always)
 * and {@code streamId} (for TRIGGER=stream) name the input it came from — the same digest the calls log and the state
 * key carry — so that a recorded output can be paired with the input entry that produced it.
 */
public record HistoryEntry(String data, String inputDigest, Optional<String> streamId) {

    public static final String DATA = "data";
    public static final String INPUT_DIGEST = "inputDigest";
    public static final String STREAM_ID = "streamId";

    /** The entry's fields, as XADD writes them. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(DATA, data);
        fields.put(INPUT_DIGEST, inputDigest);
        streamId.ifPresent(id -> fields.put(STREAM_ID, id));
        return fields;
    }

    /** An entry read back; empty when it has no {@code data}. */
    public static Optional<HistoryEntry> of(Map<String, String> fields) {
        return Optional.ofNullable(fields.get(DATA))
                .map(data -> new HistoryEntry(
                        data, fields.getOrDefault(INPUT_DIGEST, ""), Optional.ofNullable(fields.get(STREAM_ID))));
    }
}
