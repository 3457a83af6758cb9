package io.fnpulse.dashboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an {@code Authorization} header against the sign-in: {@code Basic} (a user of the htpasswd file) or
 * {@code Bearer} (the token). A header that passed is remembered for a few minutes by its SHA-256, so that a page's
 * dozen requests do not each pay bcrypt's cost (tens of milliseconds by design); what is remembered is the digest,
 * never the password.
 */
final class Credentials {

    /** How a check ended. */
    sealed interface Check {
        record Allowed(String who) implements Check {}

        record Missing() implements Check {}

        /** @param reason the counter's tag; @param user the user named, only when the file knows them */
        record Refused(String reason, Optional<String> user) implements Check {}
    }

    /** Every reason a refusal is counted under. */
    static final java.util.List<String> REASONS = java.util.List.of(
            "wrong_password",
            "unknown_user",
            "wrong_token",
            "malformed",
            "token_not_accepted",
            "password_not_accepted");

    private static final Duration REMEMBERED = Duration.ofMinutes(5);
    private static final int MOST_REMEMBERED = 1_000;

    private final SignInConfig config;
    private final Clock clock;
    private final Map<String, Long> passed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MOST_REMEMBERED;
        }
    };

    Credentials(SignInConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    Check check(String header) {
        if (header == null || header.isBlank()) {
            return new Check.Missing();
        }
        String digest = sha256(header);
        synchronized (passed) {
            Long until = passed.get(digest);
            if (until != null && until > clock.millis()) {
                return new Check.Allowed(header.startsWith("Bearer ") ? "token" : basicUser(header));
            }
        }
        Check check = verify(header.strip());
        if (check instanceof Check.Allowed) {
            synchronized (passed) {
                passed.put(digest, clock.millis() + REMEMBERED.toMillis());
            }
        }
        return check;
    }

    private Check verify(String header) {
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            if (config.token().isEmpty()) {
                return new Check.Refused("token_not_accepted", Optional.empty());
            }
            return MessageDigest.isEqual(
                            sha256(value).getBytes(StandardCharsets.US_ASCII),
                            sha256(config.token().get()).getBytes(StandardCharsets.US_ASCII))
                    ? new Check.Allowed("token")
                    : new Check.Refused("wrong_token", Optional.empty());
        }
        if (!scheme.equalsIgnoreCase("Basic")) {
            return new Check.Refused("malformed", Optional.empty());
        }
        if (config.users().isEmpty()) {
            return new Check.Refused("password_not_accepted", Optional.empty());
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Check.Refused("malformed", Optional.empty());
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return new Check.Refused("malformed", Optional.empty());
        }
        String user = decoded.substring(0, colon);
        Htpasswd users = config.users().get();
        Optional<String> allowed = users.verify(user, decoded.substring(colon + 1));
        if (allowed.isPresent()) {
            return new Check.Allowed(allowed.get());
        }
        return users.knows(user)
                ? new Check.Refused("wrong_password", Optional.of(user))
                : new Check.Refused("unknown_user", Optional.empty());
    }

    private static String basicUser(String header) {
        try {
            String decoded = new String(
                    Base64.getDecoder()
                            .decode(header.substring(header.indexOf(' ') + 1).strip()),
                    StandardCharsets.UTF_8);
            return decoded.substring(0, Math.max(0, decoded.indexOf(':')));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return "?";
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
