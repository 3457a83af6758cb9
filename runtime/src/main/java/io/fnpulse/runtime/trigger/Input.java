package io.fnpulse.runtime.trigger;

import java.util.Optional;
import java.util.function.Supplier;

/** Something for the function to handle: a value of the input key, or an entry of the input stream. */
public sealed interface Input {

    /** What identifies its content across polls and restarts. */
    String digest();

    /** The stream entry's ID, for an entry of the input stream. */
    default Optional<String> streamId() {
        return Optional.empty();
    }

    /** What was read to hand to the function: the key's value, the entry's {@code data}; none where it was not read. */
    default Optional<String> data() {
        return Optional.empty();
    }

    /** The key's value, with the digest that identifies it across restarts. */
    record Value(String raw, String digest) implements Input {
        @Override
        public Optional<String> data() {
            return Optional.of(raw);
        }
    }

    /**
     * The key holds what the runtime does not read: a value over MAX_INPUT_BYTES, or a list, hash, ... The problem is
     * the key's, reported once until the key changes.
     */
    record Unreadable(String problem, String digest) implements Input {}

    /** One entry of the input stream: its ID and its {@code data} field, whose digest may still be in the making. */
    record Entry(String id, String raw, Supplier<String> digestOfRaw) implements Input {

        public Entry(String id, String raw, String digest) {
            this(id, raw, () -> digest);
        }

        @Override
        public String digest() {
            return digestOfRaw.get();
        }

        @Override
        public Optional<String> streamId() {
            return Optional.of(id);
        }

        @Override
        public Optional<String> data() {
            return Optional.of(raw);
        }
    }

    /** An entry that cannot be handed to the function: no {@code data} field, or one over MAX_INPUT_BYTES. */
    record BadEntry(String id, String problem, String digest) implements Input {
        @Override
        public Optional<String> streamId() {
            return Optional.of(id);
        }
    }
}
