package io.fnpulse.dashboard.poll;

import java.util.Locale;

/** Why a key holds nothing the dashboard can use right now. The page shows the message; old data stays. */
public record Problem(Kind kind, String message) {

    public enum Kind {
        MISSING_KEY,
        EMPTY_VALUE,
        NOT_JSON,
        NOT_AN_OBJECT,
        NO_NUMBERS,
        /** Longer than {@code MAX_VALUE_BYTES}, measured with STRLEN; it was never read. */
        TOO_LARGE,
        /** A list, hash, set, ... where a string was expected. */
        WRONG_TYPE;

        /** The value of the {@code cause} tag in {@code /metrics}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
