package io.fnpulse.service.redis;

import io.fnpulse.service.text.Bytes;
import java.util.Optional;

/**
 * What one bounded read of a key found: its value, nothing, a value too long to read, or a key of another type.
 * The last two are that key's problem, never a sign that Redis is unreachable.
 */
public sealed interface KeyRead {

    /** The key's string value; empty when the key does not exist. */
    default Optional<String> value() {
        return Optional.empty();
    }

    /** Why the key cannot be used, for a log line, a status key or a badge. */
    default Optional<String> problem(String key, String limitVariable) {
        return Optional.empty();
    }

    record Absent() implements KeyRead {}

    record Value(String text) implements KeyRead {
        @Override
        public Optional<String> value() {
            return Optional.of(text);
        }
    }

    /** The value is longer than the limit, measured with {@code STRLEN}; it was not read. */
    record TooLarge(long bytes, long limit) implements KeyRead {
        @Override
        public Optional<String> problem(String key, String limitVariable) {
            return Optional.of("key " + key + " holds " + Bytes.describe(bytes) + ", more than " + limitVariable + " ("
                    + Bytes.describe(limit) + "); it was not read");
        }
    }

    /** The key holds a list, hash, set, ... where a string was expected. */
    record WrongType(String type) implements KeyRead {
        @Override
        public Optional<String> problem(String key, String limitVariable) {
            return Optional.of("key " + key + " holds a" + (type.matches("^[aeiou].*") ? "n " : " ") + type
                    + "; expected a string");
        }
    }
}
