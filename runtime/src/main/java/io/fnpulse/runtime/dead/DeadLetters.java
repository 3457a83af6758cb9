package io.fnpulse.runtime.dead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.KeySettings;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.KeyPattern;
import io.fnpulse.service.redis.KeyScanner;
import io.fnpulse.service.redis.LuaScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code <output key>:dead} of one instance: the stream entries whose calls failed for good, each a {@link DeadLetter}
 * with the entry, the error, the attempts and the code version. A letter can be redriven — its entry appended to the
 * instance's input stream again, for the (fixed) function to handle — or dropped; either way it leaves the dead
 * letters.
 */
public final class DeadLetters {

    /** One dead letter: its own ID in the dead letters, and what it says. */
    public record Letter(String id, DeadLetter letter) {

        /** Its entry's ID in the input stream. */
        public String streamId() {
            return letter.streamId() == null ? "" : letter.streamId();
        }
    }

    private static final int PAGE = 1000;
    /** Far beyond a fleet's size; bounds a scan of a pattern someone filled with junk. */
    private static final int MAX_INSTANCES = 100_000;

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

    /**
     * The dead letters of every instance the keys describe: the one instance's, or for a pattern those of every
     * instance that has any ({@code <output key>:*:dead}), in the order of their keys.
     */
    public static List<DeadLetters> ofEvery(UnifiedJedis redis, KeySettings keys, ObjectMapper json) {
        Optional<KeyPattern> pattern = keys.deadLetters();
        if (pattern.isEmpty()) {
            return List.of(of(redis, keys.single(), json));
        }
        TreeSet<String> found = new TreeSet<>();
        KeyScanner.scan(redis, pattern.get().glob(), "stream", page -> {
            found.addAll(page);
            return found.size() < MAX_INSTANCES;
        });
        List<DeadLetters> every = new ArrayList<>();
        for (String dead : found) {
            pattern.get()
                    .suffixOf(dead)
                    .ifPresent(suffix -> every.add(of(redis, keys.keysFor(Optional.of(suffix)), json)));
        }
        return every;
    }

    private static DeadLetters of(UnifiedJedis redis, InstanceKeys keys, ObjectMapper json) {
        return new DeadLetters(redis, keys.dead().orElseThrow(), keys.stream().orElseThrow(), json);
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

    /**
     * Appends the letter's entry to the input stream again and removes the letter.
     *
     * @return the new entry's ID, or empty when the letter holds no data to redrive (or was gone already)
     */
    public Optional<String> redrive(Letter letter) {
        String data =
                letter.letter().entry() == null ? null : letter.letter().entry().data();
        if (data == null) {
            return Optional.empty();
        }
        String added = String.valueOf(REDRIVE.run(redis, List.of(deadKey, inputStream), List.of(letter.id(), data)));
        return added.isEmpty() ? Optional.empty() : Optional.of(added);
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
            DeadLetter letter = json.readValue(raw == null ? "{}" : raw, DeadLetter.class);
            return new Letter(entry.getID().toString(), letter);
        } catch (JsonProcessingException e) {
            DeadLetter.Reason unreadable = new DeadLetter.Reason("", "this letter is not JSON: " + raw);
            return new Letter(entry.getID().toString(), new DeadLetter("", null, unreadable, 0, "", ""));
        }
    }
}
