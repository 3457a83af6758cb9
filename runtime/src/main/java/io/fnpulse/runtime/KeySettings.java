package io.fnpulse.runtime;

import static io.fnpulse.runtime.RuntimeConfig.FUNCTION_GROUP;
import static io.fnpulse.runtime.RuntimeConfig.REDIS_INPUT_KEY;
import static io.fnpulse.runtime.RuntimeConfig.REDIS_INPUT_STREAM;
import static io.fnpulse.runtime.RuntimeConfig.REDIS_OUTPUT_KEY;
import static io.fnpulse.runtime.RuntimeConfig.STATE_KEY;
import static io.fnpulse.runtime.RuntimeConfig.STATUS_KEY;

import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.function.KeyPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The keys of the function instances a runtime serves, as its environment names them: the input key (or a pattern
 * with one {@code *}, whose every match is an instance), the output key, which of the keys named after it are on, and
 * under TRIGGER=stream the stream (or the pattern of streams) and its group. Validated once at start, Redis Cluster's
 * slot rule included; {@link #keysFor} derives any one instance's keys from it.
 *
 * @param state         {@code <output>:env}, or the key STATE_KEY names (one key only), or off (STATE_KEY empty)
 * @param status        the same for {@code <output>:status} and STATUS_KEY
 * @param callsLog      whether each instance keeps {@code <output>:calls} (CALLS_LOG_LENGTH above 0)
 * @param outputHistory whether each instance keeps {@code <output>:history} (OUTPUT_HISTORY_MINUTES above 0)
 * @param stream        TRIGGER=stream: the stream each instance reads, and its group
 * @param cluster       a Redis Cluster: an instance's keys carry its output key as their hash tag
 */
public record KeySettings(
        String inputKey,
        Optional<KeyPattern> inputPattern,
        Optional<String> outputKey,
        DerivedKey state,
        DerivedKey status,
        boolean callsLog,
        boolean outputHistory,
        Optional<StreamKeys> stream,
        boolean cluster) {

    /** A key named after each instance's output key, one the environment names instead, or none. */
    public sealed interface DerivedKey {
        record Named() implements DerivedKey {}

        record Given(String key) implements DerivedKey {}

        record Off() implements DerivedKey {}

        default Optional<String> resolve(Optional<String> named) {
            if (this instanceof Given given) {
                return Optional.of(given.key());
            }
            return this instanceof Off ? Optional.empty() : named;
        }
    }

    /**
     * TRIGGER=stream: the stream of the one instance, or with an input pattern the pattern of every instance's stream;
     * the group that reads them, FUNCTION_GROUP's or else each instance's output key.
     */
    public record StreamKeys(String stream, Optional<KeyPattern> pattern, Optional<String> group) {}

    /** A suffix no key holds, to see where a pattern's {@code *} lands in a derived name. */
    private static final String PROBE = "\u0001";

    static KeySettings fromEnv(Env env, boolean cluster, boolean streams, boolean callsLog, boolean outputHistory) {
        String inputKey = env.string(REDIS_INPUT_KEY, "metrics");
        Optional<String> outputKey = env.optional(REDIS_OUTPUT_KEY);
        Optional<KeyPattern> inputPattern = pattern(REDIS_INPUT_KEY, inputKey);
        if (inputPattern.isPresent()) {
            requireForPattern(env, inputKey, inputPattern.get(), outputKey);
        }
        Optional<StreamKeys> stream = Optional.empty();
        if (streams) {
            String output = outputKey.orElseThrow(() -> new ConfigException(
                    RuntimeConfig.TRIGGER,
                    "stream",
                    "REDIS_OUTPUT_KEY to be set as well: a stream's entries are acknowledged, retried and"
                            + " dead-lettered under the output key"));
            String name = env.string(REDIS_INPUT_STREAM, inputKey + ":stream");
            Optional<KeyPattern> streamPattern =
                    inputPattern.isPresent() ? pattern(REDIS_INPUT_STREAM, name) : Optional.empty();
            if (inputPattern.isPresent() && streamPattern.isEmpty()) {
                throw new ConfigException(
                        REDIS_INPUT_STREAM,
                        name,
                        "a stream name with one *, like REDIS_INPUT_KEY, since every key of the pattern has a stream"
                                + " of its own");
            }
            stream = Optional.of(new StreamKeys(name, streamPattern, env.optional(FUNCTION_GROUP)));
            requireStreamSlot(cluster, stream.get(), output);
        }
        KeySettings settings = new KeySettings(
                inputKey,
                inputPattern,
                outputKey,
                derived(env, STATE_KEY),
                derived(env, STATUS_KEY),
                callsLog,
                outputHistory,
                stream,
                cluster);
        settings.requireDistinct(settings.keysFor(inputPattern.map(pattern -> "node-a")));
        if (cluster && inputPattern.isEmpty() && outputKey.isPresent()) {
            requireOutputSlot(STATE_KEY, settings.state(), outputKey.get());
            requireOutputSlot(STATUS_KEY, settings.status(), outputKey.get());
        }
        return settings;
    }

    /**
     * The pattern whose every match is an instance: the streams' under TRIGGER=stream, else the input keys'; empty
     * for a runtime that serves one instance.
     */
    public Optional<KeyPattern> pattern() {
        return stream.flatMap(StreamKeys::pattern).or(() -> inputPattern);
    }

    /** The keys of the one instance of a runtime whose input is a key. */
    public InstanceKeys single() {
        return keysFor(Optional.empty());
    }

    /** The keys of the one instance, or of the instance whose {@code *} matched {@code matched}. */
    public InstanceKeys keysFor(Optional<String> matched) {
        String input =
                matched.map(suffix -> inputPattern.orElseThrow().key(suffix)).orElse(inputKey);
        Optional<String> output =
                outputKey.map(key -> matched.map(suffix -> key + ":" + suffix).orElse(key));
        Optional<FunctionKeys> named = output.map(key -> FunctionKeys.of(key, cluster));
        return new InstanceKeys(
                input,
                output,
                state.resolve(named.map(FunctionKeys::env)),
                status.resolve(named.map(FunctionKeys::status)),
                named.map(FunctionKeys::lock),
                named.map(FunctionKeys::inflight),
                named.filter(keys -> callsLog).map(FunctionKeys::calls),
                named.filter(keys -> outputHistory).map(FunctionKeys::history),
                stream.map(streams -> matched.map(
                                suffix -> streams.pattern().orElseThrow().key(suffix))
                        .orElse(streams.stream())),
                stream.flatMap(streams -> named.map(FunctionKeys::dead)),
                stream.map(streams -> streams.group().orElseGet(output::orElseThrow)));
    }

    /** The keys of the instance a key of {@link #pattern()} (or the one instance's key) stands for. */
    public InstanceKeys keysOf(String key) {
        return keysFor(pattern().flatMap(instances -> instances.suffixOf(key)));
    }

    /** The input, for the line that starts the runtime: its key, pattern or stream, and the stream's group. */
    public String describeInput() {
        return stream.map(streams -> "stream " + streams.stream() + " (group "
                        + streams.group()
                                .orElse(
                                        inputPattern.isPresent()
                                                ? "each instance's output key"
                                                : outputKey.orElseThrow())
                        + ")")
                .orElse(inputKey);
    }

    /** The output, for the same line. */
    public String describeOutput() {
        return outputKey
                .map(key -> inputPattern.isPresent() ? key + ":*" : key)
                .orElse("(unset: results are logged, not written)");
    }

    /** What keyspace notifications are listened for: the pattern's glob, or the one instance's stream or key. */
    public String watched() {
        return pattern().map(KeyPattern::glob).orElseGet(() -> {
            InstanceKeys keys = keysFor(Optional.empty());
            return keys.stream().orElse(keys.input());
        });
    }

    /**
     * Under TRIGGER=stream with a pattern, the dead letters of every instance: {@code <output>:*:dead} (on a Cluster
     * {@code {<output>:*}:dead}), its {@code *} matching what the input pattern's matched.
     */
    public Optional<KeyPattern> deadLetters() {
        return inputPattern
                .flatMap(instances -> keysFor(Optional.of(PROBE)).dead())
                .map(dead -> {
                    int at = dead.indexOf(PROBE);
                    return new KeyPattern(dead.substring(0, at), dead.substring(at + PROBE.length()));
                });
    }

    private static Optional<KeyPattern> pattern(String variable, String value) {
        try {
            return KeyPattern.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, value, "a key, or a pattern with one * such as metrics:*");
        }
    }

    /** The state and status keys: named after the output key, off when set empty, or the key given. */
    private static DerivedKey derived(Env env, String variable) {
        if (env.isSetEmpty(variable)) {
            return new DerivedKey.Off();
        }
        return env.optional(variable).<DerivedKey>map(DerivedKey.Given::new).orElse(new DerivedKey.Named());
    }

    /** A pattern serves many instances: each needs keys of its own, all named after its own output key. */
    private static void requireForPattern(Env env, String inputKey, KeyPattern inputs, Optional<String> outputKey) {
        if (outputKey.isEmpty()) {
            throw new ConfigException(
                    REDIS_OUTPUT_KEY,
                    null,
                    "an output key when REDIS_INPUT_KEY is a pattern: the instance for key P:x writes <output key>:x");
        }
        String output = outputKey.get();
        if (output.contains("*")) {
            throw new ConfigException(
                    REDIS_OUTPUT_KEY,
                    output,
                    "a key, not a pattern: each instance writes <output key>:<what the input pattern's * matched>");
        }
        if (inputs.suffixOf(output + ":x").isPresent()) {
            throw new ConfigException(
                    REDIS_OUTPUT_KEY,
                    output,
                    "an output key whose instances' keys (" + output + ":<x>) do not match REDIS_INPUT_KEY=" + inputKey
                            + ", or the runtime would take its own outputs for inputs");
        }
        for (String variable : List.of(STATE_KEY, STATUS_KEY)) {
            if (env.optional(variable).isPresent()) {
                throw new ConfigException(
                        variable,
                        env.optional(variable).get(),
                        "to be left unset when REDIS_INPUT_KEY is a pattern: every instance has its own (<output"
                                + " key>:<x>" + (variable.equals(STATE_KEY) ? ":env" : ":status")
                                + "); set it empty to turn it off");
            }
        }
    }

    /**
     * The keys the runtime reads and writes must be pairwise distinct: a state key equal to the status key loses
     * the state at the next status, one equal to the lease key fights the lease forever.
     */
    private void requireDistinct(InstanceKeys keys) {
        record Named(String name, Optional<String> key) {}
        List<Named> all = List.of(
                new Named(REDIS_INPUT_KEY, Optional.of(keys.input())),
                new Named(REDIS_OUTPUT_KEY, keys.output()),
                new Named(STATE_KEY, keys.state()),
                new Named(STATUS_KEY, keys.status()),
                new Named("the lease key (REDIS_OUTPUT_KEY + :lock)", keys.lease()),
                new Named("the in-flight key (REDIS_OUTPUT_KEY + :inflight)", keys.inflight()),
                new Named("the calls log (REDIS_OUTPUT_KEY + :calls)", keys.calls()),
                new Named("the output history (REDIS_OUTPUT_KEY + :history)", keys.history()),
                new Named(REDIS_INPUT_STREAM, keys.stream()),
                new Named("the dead letters (REDIS_OUTPUT_KEY + :dead)", keys.dead()));
        List<Named> seen = new ArrayList<>();
        for (Named named : all) {
            if (named.key().isEmpty()) {
                continue;
            }
            for (Named earlier : seen) {
                if (earlier.key().equals(named.key())) {
                    String variable = named.name().startsWith("the ") ? earlier.name() : named.name();
                    String other = named.name().startsWith("the ") ? named.name() : earlier.name();
                    throw new ConfigException(
                            variable,
                            inputPattern.isPresent() && variable.equals(REDIS_INPUT_KEY)
                                    ? inputKey
                                    : named.key().get(),
                            "a key other than " + other
                                    + ": the input, output, state, status, lease and in-flight keys must all differ");
                }
            }
            seen.add(named);
        }
    }

    /** On a Cluster an entry's acknowledgement is part of its commit: the stream must share its instance's slot. */
    private static void requireStreamSlot(boolean cluster, StreamKeys stream, String outputKey) {
        if (!cluster) {
            return;
        }
        if (stream.pattern().isEmpty()) {
            if (JedisClusterCRC16.getSlot(stream.stream()) != JedisClusterCRC16.getSlot(outputKey)) {
                throw new ConfigException(
                        REDIS_INPUT_STREAM,
                        stream.stream(),
                        "a stream in the output key's hash slot on a Redis Cluster, such as {" + outputKey
                                + "}:stream, so that an entry's acknowledgement is part of its commit");
            }
            return;
        }
        String probe = "node-a";
        String instanceOutput = outputKey + ":" + probe;
        if (JedisClusterCRC16.getSlot(stream.pattern().get().key(probe)) != JedisClusterCRC16.getSlot(instanceOutput)) {
            throw new ConfigException(
                    REDIS_INPUT_STREAM,
                    stream.stream(),
                    "on a Redis Cluster, a pattern whose streams share their instance's hash slot, such as {"
                            + outputKey + ":*} (" + probe + "'s stream is then {" + instanceOutput
                            + "}, in the slot of its output " + instanceOutput
                            + "), so that an entry's acknowledgement is part of its commit");
        }
    }

    /** On a Cluster the commit is one script, so every key it writes must hash to the output key's slot. */
    private static void requireOutputSlot(String variable, DerivedKey derived, String outputKey) {
        if (derived instanceof DerivedKey.Given given
                && JedisClusterCRC16.getSlot(given.key()) != JedisClusterCRC16.getSlot(outputKey)) {
            throw new ConfigException(
                    variable,
                    given.key(),
                    "a key in the output key's hash slot on a Redis Cluster, such as {" + outputKey + "}:" + given.key()
                            + ", so that it is part of the output's commit (or unset, for the default)");
        }
    }
}
