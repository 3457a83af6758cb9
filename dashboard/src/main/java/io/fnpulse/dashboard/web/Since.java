package io.fnpulse.dashboard.web;

import java.util.OptionalLong;

/** The {@code since} query parameter of /api/history and /ws: epoch milliseconds, or absent for everything. */
final class Since {

    static final String EXPECTED = "since must be a time in epoch milliseconds, e.g. since=1764295205123";

    private Since() {
    }

    /** @throws NumberFormatException when the parameter is there but not a whole number */
    static OptionalLong parse(String since) {
        if (since == null || since.isBlank()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(since.trim()));
    }
}
