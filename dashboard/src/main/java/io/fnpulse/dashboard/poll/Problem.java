package io.fnpulse.dashboard.poll;

import java.util.Locale;

/** Why the output key holds nothing the dashboard can chart right now. The page shows the message; old data stays. */
public record Problem(Kind kind, String message) {

    public enum Kind {
        MISSING_KEY,
        EMPTY_VALUE,
        NOT_JSON,
        NOT_AN_OBJECT,
        NO_NUMBERS;

        /** The value of the {@code cause} tag in {@code /metrics}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
