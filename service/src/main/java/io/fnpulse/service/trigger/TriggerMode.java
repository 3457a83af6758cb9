package io.fnpulse.service.trigger;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a service learns that a key changed: {@code TRIGGER=poll|notify|stream}. */
public enum TriggerMode {
    /** Read the key every poll interval. */
    POLL,
    /** Poll as well, but also wake on a Redis keyspace notification for the key, within milliseconds. */
    NOTIFY,
    /** Read every entry of a Redis Stream through a consumer group, not only the key's latest value. */
    STREAM;

    public static Optional<TriggerMode> parse(String text, List<TriggerMode> allowed) {
        return Arrays.stream(values())
                .filter(allowed::contains)
                .filter(mode -> mode.name().equalsIgnoreCase(text.trim()))
                .findFirst();
    }

    /** {@code poll or notify}, for the message that refuses another value. */
    public static String describe(List<TriggerMode> allowed) {
        List<String> names = allowed.stream().map(TriggerMode::toString).toList();
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
