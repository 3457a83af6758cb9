package io.fnpulse.runtime.trigger;

/** A value of the input key the runtime has not handled yet, or the reason the key cannot be read. */
public sealed interface Input {

    /** What identifies it across polls and restarts. */
    String digest();

    /** The key's value, with the digest that identifies it across restarts. */
    record Value(String raw, String digest) implements Input {
    }

    /**
     * The key holds what the runtime does not read: a value over MAX_INPUT_BYTES, or a list, hash, ... The problem is
     * the key's, reported once until the key changes.
     */
    record Unreadable(String problem, String digest) implements Input {
    }
}
