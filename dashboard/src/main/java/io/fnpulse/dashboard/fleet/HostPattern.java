package io.fnpulse.dashboard.fleet;

import io.fnpulse.service.function.FunctionKeys;
import java.util.Optional;

/**
 * REDIS_OUTPUT_KEY with one {@code *}, such as {@code metrics-output:*}: every key it matches that is an instance's
 * output (not one of its own {@code :env}, {@code :status}, ... keys) is a host, named by the part the {@code *}
 * matched, its suffix.
 */
public record HostPattern(String prefix, String suffix) {

    /** The pattern in an output key, if it has one; more than one {@code *} is refused. */
    public static Optional<HostPattern> of(String outputKey) {
        int star = outputKey.indexOf('*');
        if (star < 0) {
            return Optional.empty();
        }
        if (outputKey.indexOf('*', star + 1) >= 0) {
            throw new IllegalArgumentException("more than one *");
        }
        return Optional.of(new HostPattern(outputKey.substring(0, star), outputKey.substring(star + 1)));
    }

    /** The host a key is the output of, if it is one. */
    public Optional<String> hostOf(String key) {
        if (key.length() <= prefix.length() + suffix.length() || !key.startsWith(prefix) || !key.endsWith(suffix)
                || FunctionKeys.isInstanceKey(key)) {
            return Optional.empty();
        }
        return Optional.of(key.substring(prefix.length(), key.length() - suffix.length()));
    }

    /** The output key of a host. */
    public String key(String host) {
        return prefix + host + suffix;
    }

    /** The pattern as SCAN MATCH reads it: the fixed parts' own glob characters escaped. */
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
