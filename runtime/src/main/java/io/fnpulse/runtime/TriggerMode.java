package io.fnpulse.runtime;

/** How the runtime learns that the input changed: {@code TRIGGER=poll|notify}. */
public enum TriggerMode {
    /** GET the input key every poll interval. */
    POLL,
    /** Poll as well, but also wake up on a Redis keyspace notification for the input key, within milliseconds. */
    NOTIFY;

    static TriggerMode parse(String text) {
        return switch (text.toLowerCase()) {
            case "poll" -> POLL;
            case "notify" -> NOTIFY;
            default -> throw new IllegalArgumentException(text);
        };
    }
}
