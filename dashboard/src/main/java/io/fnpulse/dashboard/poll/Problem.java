package io.fnpulse.dashboard.poll;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.service.redis.KeyRead;
import java.util.Locale;
import java.util.Optional;

/** Why a key holds nothing the dashboard can use right now. The page shows the message; old data stays. */
public record Problem(Kind kind, String message) {

    /** The key's problem when a bounded read found a value too long or a key of another type; none otherwise. */
    public static Optional<Problem> ofRead(KeyRead read, String key) {
        if (read instanceof KeyRead.TooLarge || read instanceof KeyRead.WrongType) {
            Kind kind = read instanceof KeyRead.TooLarge ? Kind.TOO_LARGE : Kind.WRONG_TYPE;
            return Optional.of(new Problem(
                    kind, read.problem(key, DashboardConfig.MAX_VALUE_BYTES).orElseThrow()));
        }
        return Optional.empty();
    }

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
