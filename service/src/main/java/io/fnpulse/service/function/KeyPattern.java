package io.fnpulse.service.function;

import java.util.Optional;

/**
 * A key name with one {@code *}, such as {@code metrics:*}: the runtime's REDIS_INPUT_KEY, whose every match is an
 * instance of its own, and the dashboard's REDIS_OUTPUT_KEY, whose every instance output is a host. A matching key is
 * named by the part the {@code *} matched, its suffix.
 */
public record KeyPattern(String prefix, String suffix) {

    public static Optional<KeyPattern> of(String key) {
        int star = key.indexOf('*');
        if (star < 0) {
            return Optional.empty();
        }
        if (key.indexOf('*', star + 1) >= 0) {
            throw new IllegalArgumentException("more than one *");
        }
        return Optional.of(new KeyPattern(key.substring(0, star), key.substring(star + 1)));
    }

    /** The part of {@code key} the {@code *} matches, if the key matches. */
    public Optional<String> suffixOf(String key) {
        if (key.length() <= prefix.length() + suffix.length() || !key.startsWith(prefix) || !key.endsWith(suffix)) {
            return Optional.empty();
        }
        return Optional.of(key.substring(prefix.length(), key.length() - suffix.length()));
    }

    /** The key for a suffix. */
    public String key(String matched) {
        return prefix + matched + suffix;
    }

    /** The pattern as Redis's SCAN MATCH and PSUBSCRIBE read it: the fixed parts' own glob characters escaped. */
    public String glob() {
        return escape(prefix) + "*" + escape(suffix);
    }

    private static String escape(String text) {
        return text.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }

    @Override
    public String toString() {
        return prefix + "*" + suffix;
    }
}
