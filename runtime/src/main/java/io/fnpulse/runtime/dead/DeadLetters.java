package io.fnpulse.runtime.dead;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.redis.LuaScript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code <output key>:dead}: the stream entries whose calls failed for good, each with the entry, the error, the
 * attempts and the code version. A letter can be redriven — its entry appended to the input stream again, for the
 * (fixed) function to handle — or dropped; either way it leaves the dead letters.
 */
public final class DeadLetters {

    /** One dead letter: its own ID in the dead letters, and what it says. */
    public record Letter(
            String id,
            String streamId,
            String data,
            String errorType,
            String errorMessage,
            int attempts,
            String version,
            String at) {}

    private static final int PAGE = 1000;
    private static final LuaScript REDRIVE = new LuaScript("""
            -- KEYS: dead stream; ARGV: letter id, data. Appends the entry again and removes the letter, in one step.
            if redis.call('XDEL', KEYS[1], ARGV[1]) == 0 then
              return ''
            end
            return redis.call('XADD', KEYS[2], '*', 'data', ARGV[2])""");

    private final UnifiedJedis redis;
    private final String deadKey;
    private final String inputStream;
    private final ObjectMapper json;

    public DeadLetters(UnifiedJedis redis, String deadKey, String inputStream, ObjectMapper json) {
        this.redis = redis;
        this.deadKey = deadKey;
        this.inputStream = inputStream;
        this.json = json;
    }

    /** Every letter, oldest first. */
    public List<Letter> list() {
        List<Letter> letters = new ArrayList<>();
        StreamEntryID after = new StreamEntryID(0, 0);
        while (true) {
            List<StreamEntry> page = redis.xrange(deadKey, "(" + after, "+", PAGE);
            for (StreamEntry entry : page) {
                letters.add(letter(entry));
            }
            if (page.size() < PAGE) {
                return letters;
            }
            after = page.get(page.size() - 1).getID();
        }
    }

    /** The letters named, by their own ID or their stream entry's ID; all of them for an empty list. */
    public List<Letter> select(List<String> ids) {
        List<Letter> all = list();
        return ids.isEmpty()
                ? all
                : all.stream()
                        .filter(letter -> ids.contains(letter.id()) || ids.contains(letter.streamId()))
                        .toList();
    }

    /**
     * Appends the letter's entry to the input stream again and removes the letter.
     *
     * @return the new entry's ID, or empty when the letter holds no data to redrive (or was gone already)
     */
    public java.util.Optional<String> redrive(Letter letter) {
        if (letter.data() == null) {
            return java.util.Optional.empty();
        }
        Object added = REDRIVE.run(redis, List.of(deadKey, inputStream), List.of(letter.id(), letter.data()));
        String id = String.valueOf(added);
        return id.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(id);
    }

    public boolean drop(Letter letter) {
        return redis.xdel(deadKey, new StreamEntryID(letter.id())) == 1;
    }

    public String deadKey() {
        return deadKey;
    }

    public String inputStream() {
        return inputStream;
    }

    private Letter letter(StreamEntry entry) {
        String raw = entry.getFields().get("data");
        try {
            JsonNode data = json.readTree(raw == null ? "{}" : raw);
            JsonNode payload = data.at("/entry/data");
            return new Letter(
                    entry.getID().toString(),
                    data.path("streamId").asText(""),
                    payload.isTextual() ? payload.asText() : null,
                    data.at("/error/type").asText(""),
                    data.at("/error/message").asText(""),
                    data.path("attempts").asInt(),
                    data.path("version").asText(""),
                    data.path("at").asText(""));
        } catch (IOException e) {
            return new Letter(entry.getID().toString(), "", null, "", "this letter is not JSON: " + raw, 0, "", "");
        }
    }
}
