package io.fnpulse.service.function;

import java.util.List;

/**
 * The Redis keys of one function instance, all named after its output key {@code O}: {@code O} itself (the output),
 * {@code O:env} (saved state), {@code O:status}, {@code O:lock} (the lease), {@code O:inflight} (the input being
 * called, for poison detection), {@code O:calls}, {@code O:dead} and {@code O:history} (streams).
 *
 * <p>On a Redis Cluster every key one commit writes must live in one hash slot, so there the others are
 * {@code {O}:env}, {@code {O}:status}, ...: a key and the same text inside braces hash alike. An output key that
 * already holds a {@code {tag}} needs no braces: its own tag decides the slot of every name built from it.
 */
public record FunctionKeys(
        String output,
        String env,
        String status,
        String lock,
        String inflight,
        String calls,
        String dead,
        String history) {

    /** What follows the output key in the name of each of the instance's own keys. */
    public static final List<String> SUFFIXES =
            List.of(":env", ":status", ":lock", ":inflight", ":calls", ":dead", ":history");
    /** The state key's value moved aside when it could not be read: {@code <state key>:corrupt:<epoch ms>}. */
    public static final String CORRUPT = ":corrupt:";

    public static FunctionKeys of(String outputKey, boolean cluster) {
        String base = cluster && !hasHashTag(outputKey) ? "{" + outputKey + "}" : outputKey;
        return new FunctionKeys(
                outputKey,
                base + ":env",
                base + ":status",
                base + ":lock",
                base + ":inflight",
                base + ":calls",
                base + ":dead",
                base + ":history");
    }

    /** Whether a key is one of an instance's own keys rather than an output, for a dashboard listing hosts. */
    public static boolean isInstanceKey(String key) {
        return key.contains(CORRUPT) || SUFFIXES.stream().anyMatch(key::endsWith);
    }

    /** Redis Cluster's rule: the text between the first '{' and the next '}', when that is not empty. */
    static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return false;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1;
    }
}
