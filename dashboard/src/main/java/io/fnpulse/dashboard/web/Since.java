package io.fnpulse.dashboard.web;

import java.util.OptionalLong;

/** The {@code since} query parameter of /api/history and /ws: epoch milliseconds, or absent for everything. */
final class Since {

    static final String EXPECTED = "since, from and to must be times in epoch milliseconds, e.g."
            + " since=1764295205123, and width a whole number of pixels from 1 to 10000";

    private Since() {}

    /** @throws NumberFormatException when the parameter is there but not a whole number */
    static OptionalLong parse(String since) {
        if (since == null || since.isBlank()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(since.trim()));
    }
}
