package io.fnpulse.dashboard.poll;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What starts a read of the output key: the poll timer alone, or also Redis keyspace notifications for the key, which
 * wake the poll early. The poll stays the source of truth either way.
 */
public enum Trigger {
    POLL,
    NOTIFY;

    public static Optional<Trigger> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(value.trim())).findFirst();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
