package io.fnpulse.dashboard.fleet;

import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.function.KeyPattern;
import java.util.Optional;

/**
 * REDIS_OUTPUT_KEY with one {@code *}, such as {@code metrics-output:*}: every key it matches that is an instance's
 * output (not one of its own {@code :env}, {@code :status}, ... keys) is a host, named by the part the {@code *}
 * matched, its suffix.
 */
public record HostPattern(KeyPattern keys) {

    /** The pattern in an output key, if it has one; more than one {@code *} is refused. */
    public static Optional<HostPattern> of(String outputKey) {
        return KeyPattern.of(outputKey).map(HostPattern::new);
    }

    /** The host a key is the output of, if it is one. */
    public Optional<String> hostOf(String key) {
        return FunctionKeys.isInstanceKey(key) ? Optional.empty() : keys.suffixOf(key);
    }

    /** The output key of a host. */
    public String key(String host) {
        return keys.key(host);
    }

    /** The pattern as SCAN MATCH reads it: the fixed parts' own glob characters escaped. */
    public String glob() {
        return keys.glob();
    }

    @Override
    public String toString() {
        return keys.toString();
    }
}
