package io.fnpulse.runtime;

import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.HandlerSpec;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.LogLevel;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.function.KeyPattern;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.text.Bytes;
import io.fnpulse.service.text.Seconds;
import io.fnpulse.service.trigger.TriggerMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Everything the runtime is told through its environment, read once at start and validated, each variable on its
 * own and then together (the keys must be distinct, the lease must outlast a Redis timeout). The variable names and
 * defaults live here and nowhere else; the README's configuration table mirrors this file.
 *
 * @param inflightKey   where the input being called is marked, for poison detection ({@code <output key>:inflight})
 * @param callsKey      the capped log of calls ({@code <output key>:calls}), absent with CALLS_LOG_LENGTH=0
 * @param historyKey    the output history ({@code <output key>:history}), absent with OUTPUT_HISTORY_MINUTES=0
 * @param stream        TRIGGER=stream: the stream, group, consumer and attempts; absent for the other triggers
 * @param inputPattern  REDIS_INPUT_KEY with one {@code *}: every matching key served as an instance of its own, with
 *                      the keys {@link #keysFor} gives it; the single-key fields above then describe none
 */
public record RuntimeConfig(
        RedisSettings redis,
        String inputKey,
        Optional<String> outputKey,
        Duration pollInterval,
        CodeSettings code,
        Duration handlerTimeout,
        TriggerMode trigger,
        Optional<String> stateKey,
        Optional<String> statusKey,
        Optional<String> leaseKey,
        Optional<String> inflightKey,
        Optional<String> callsKey,
        Optional<String> historyKey,
        Optional<StreamSettings> stream,
        Duration leaseDuration,
        long maxInputBytes,
        int poisonRetries,
        long callsLogLength,
        int captureBytes,
        Duration outputHistory,
        Optional<KeyPattern> inputPattern,
        Optional<KeyPattern> streamPattern,
        String instanceId,
        int httpPort) {

    public static final String REDIS_INPUT_KEY = "REDIS_INPUT_KEY";
    public static final String REDIS_OUTPUT_KEY = "REDIS_OUTPUT_KEY";
    public static final String POLL_INTERVAL_SECONDS = "POLL_INTERVAL_SECONDS";
    public static final String INTERVAL = "INTERVAL";
    public static final String FUNCTION_PATH = "FUNCTION_PATH";
    public static final String FUNCTION_ZIP = "FUNCTION_ZIP";
    public static final String FUNCTION_HANDLER = "FUNCTION_HANDLER";
    public static final String FUNCTION_ZIP_SHA256 = CodeSettings.SHA256_VARIABLE;
    public static final String FUNCTION_ZIP_FOLLOW_REDIRECTS = "FUNCTION_ZIP_FOLLOW_REDIRECTS";
    public static final String FUNCTION_DOWNLOAD_TIMEOUT_SECONDS = "FUNCTION_DOWNLOAD_TIMEOUT_SECONDS";
    public static final String FUNCTION_URL_CHECK_SECONDS = "FUNCTION_URL_CHECK_SECONDS";
    public static final String CODE_CACHE_DIR = "CODE_CACHE_DIR";
    public static final String HANDLER_TIMEOUT_SECONDS = "HANDLER_TIMEOUT_SECONDS";
    public static final String TRIGGER = "TRIGGER";
    public static final String STATE_KEY = "STATE_KEY";
    public static final String STATUS_KEY = "STATUS_KEY";
    public static final String LEASE_SECONDS = "LEASE_SECONDS";
    public static final String MAX_INPUT_BYTES = "MAX_INPUT_BYTES";
    public static final String POISON_RETRIES = "POISON_RETRIES";
    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String REDIS_INPUT_STREAM = "REDIS_INPUT_STREAM";
    public static final String FUNCTION_GROUP = "FUNCTION_GROUP";
    public static final String MAX_ATTEMPTS = "MAX_ATTEMPTS";
    public static final String CALLS_LOG_LENGTH = "CALLS_LOG_LENGTH";
    public static final String CAPTURE_BYTES = "CAPTURE_BYTES";
    public static final String OUTPUT_HISTORY_MINUTES = "OUTPUT_HISTORY_MINUTES";

    /**
     * TRIGGER=stream: read every entry of {@code stream} through consumer group {@code group} as {@code consumer}; an
     * entry whose call failed {@code maxAttempts} times goes to {@code deadKey}.
     */
    public record StreamSettings(
            String stream, String group, String consumer, int maxAttempts, String deadKey, boolean groupGiven) {}

    /** Every variable the runtime reads, for tests that check manifests and the README against the code. */
    public static final List<String> VARIABLES = List.of(
            RedisSettings.HOST,
            RedisSettings.PORT,
            RedisSettings.USERNAME,
            RedisSettings.PASSWORD,
            RedisSettings.PASSWORD_FILE,
            RedisSettings.TLS,
            RedisSettings.TIMEOUT,
            RedisSettings.SENTINELS,
            RedisSettings.SENTINEL_MASTER,
            RedisSettings.CLUSTER,
            RedisSettings.NODES,
            REDIS_INPUT_KEY,
            REDIS_OUTPUT_KEY,
            POLL_INTERVAL_SECONDS,
            INTERVAL,
            FUNCTION_PATH,
            FUNCTION_ZIP,
            FUNCTION_HANDLER,
            FUNCTION_ZIP_SHA256,
            FUNCTION_ZIP_FOLLOW_REDIRECTS,
            FUNCTION_DOWNLOAD_TIMEOUT_SECONDS,
            FUNCTION_URL_CHECK_SECONDS,
            CODE_CACHE_DIR,
            HANDLER_TIMEOUT_SECONDS,
            TRIGGER,
            STATE_KEY,
            STATUS_KEY,
            LEASE_SECONDS,
            MAX_INPUT_BYTES,
            POISON_RETRIES,
            HTTP_PORT,
            REDIS_INPUT_STREAM,
            FUNCTION_GROUP,
            MAX_ATTEMPTS,
            CALLS_LOG_LENGTH,
            CAPTURE_BYTES,
            OUTPUT_HISTORY_MINUTES,
            LogLevel.VARIABLE);

    public static final String DEFAULT_FUNCTION_PATH = "/opt/usermodule.java";
    public static final long DEFAULT_MAX_INPUT_BYTES = 16 * Bytes.MIB;
    /** HANDLER_TIMEOUT_SECONDS when unset; also the deadline of a call in the test kit and ./fnpulse invoke. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(30);
    /** CAPTURE_BYTES when unset: what a call may print to each stream that is kept with it. */
    public static final int DEFAULT_CAPTURE_BYTES = (int) (8 * Bytes.KIB);

    /** CODE_CACHE_DIR when unset: the compile cache, shared by every runtime and ./fnpulse verb on the machine. */
    public static Path defaultCodeCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "fnpulse-code");
    }

    private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<TriggerMode> TRIGGERS = List.of(TriggerMode.POLL, TriggerMode.NOTIFY, TriggerMode.STREAM);

    public static RuntimeConfig fromEnv(Env env) {
        LogLevel.fromEnv(env);
        RedisSettings redis = RedisSettings.fromEnv(env);
        String inputKey = env.string(REDIS_INPUT_KEY, "metrics");
        Optional<String> outputKey = env.optional(REDIS_OUTPUT_KEY);
        Optional<KeyPattern> inputPattern = pattern(REDIS_INPUT_KEY, inputKey);
        if (inputPattern.isPresent()) {
            requireForPattern(env, outputKey);
            if (inputPattern.get().suffixOf(outputKey.get() + ":x").isPresent()) {
                throw new ConfigException(
                        REDIS_OUTPUT_KEY,
                        outputKey.get(),
                        "an output key whose instances' keys"
                                + " (" + outputKey.get() + ":<x>) do not match REDIS_INPUT_KEY=" + inputKey
                                + ", or the runtime"
                                + " would take its own outputs for inputs");
            }
        }
        Optional<FunctionKeys> keys = outputKey.map(key -> FunctionKeys.of(key, redis.cluster()));
        Optional<String> stateKey = derivedKey(env, STATE_KEY, keys.map(FunctionKeys::env));
        Optional<String> statusKey = derivedKey(env, STATUS_KEY, keys.map(FunctionKeys::status));
        Optional<String> leaseKey = keys.map(FunctionKeys::lock);
        Optional<String> inflightKey = keys.map(FunctionKeys::inflight);
        long callsLogLength = env.integer(CALLS_LOG_LENGTH, 1000, 0, 1_000_000);
        Duration outputHistory = Duration.ofMinutes(env.integer(OUTPUT_HISTORY_MINUTES, 60, 0, 7 * 24 * 60));
        Optional<String> callsKey = keys.map(FunctionKeys::calls).filter(key -> callsLogLength > 0);
        Optional<String> historyKey = keys.map(FunctionKeys::history).filter(key -> !outputHistory.isZero());
        TriggerMode trigger = trigger(env);
        Optional<StreamSettings> stream = trigger == TriggerMode.STREAM
                ? Optional.of(streamSettings(env, inputKey, outputKey, keys))
                : Optional.empty();
        requireDistinct(List.of(
                new NamedKey(REDIS_INPUT_KEY, Optional.of(inputKey)),
                new NamedKey(REDIS_OUTPUT_KEY, outputKey),
                new NamedKey(STATE_KEY, stateKey),
                new NamedKey(STATUS_KEY, statusKey),
                new NamedKey("the lease key (REDIS_OUTPUT_KEY + :lock)", leaseKey),
                new NamedKey("the in-flight key (REDIS_OUTPUT_KEY + :inflight)", inflightKey),
                new NamedKey("the calls log (REDIS_OUTPUT_KEY + :calls)", callsKey),
                new NamedKey("the output history (REDIS_OUTPUT_KEY + :history)", historyKey),
                new NamedKey(REDIS_INPUT_STREAM, stream.map(StreamSettings::stream)),
                new NamedKey("the dead letters (REDIS_OUTPUT_KEY + :dead)", stream.map(StreamSettings::deadKey))));
        Duration lease =
                env.seconds(LEASE_SECONDS, Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofMinutes(10));
        if (lease.compareTo(redis.timeout().multipliedBy(2)) < 0) {
            throw new ConfigException(
                    LEASE_SECONDS,
                    Seconds.of(lease),
                    "at least twice REDIS_TIMEOUT_SECONDS ("
                            + Seconds.of(redis.timeout())
                            + " s), so that a renewal that times out leaves time for the next"
                            + " one: " + Seconds.of(redis.timeout().multipliedBy(2)) + " or more, or a lower"
                            + " REDIS_TIMEOUT_SECONDS");
        }
        if (redis.cluster()
                && stream.isPresent()
                && inputPattern.isEmpty()
                && JedisClusterCRC16.getSlot(stream.get().stream()) != JedisClusterCRC16.getSlot(outputKey.get())) {
            throw new ConfigException(
                    REDIS_INPUT_STREAM,
                    stream.get().stream(),
                    "a stream in the output key's hash"
                            + " slot on a Redis Cluster, such as {" + outputKey.get() + "}:stream, so that an entry's"
                            + " acknowledgement is part of its commit");
        }
        if (redis.cluster() && inputPattern.isEmpty() && outputKey.isPresent()) {
            requireOutputSlot(STATE_KEY, stateKey, outputKey.get());
            requireOutputSlot(STATUS_KEY, statusKey, outputKey.get());
        }
        Optional<KeyPattern> streamPattern = Optional.empty();
        if (inputPattern.isPresent() && stream.isPresent()) {
            streamPattern = pattern(REDIS_INPUT_STREAM, stream.get().stream());
            if (streamPattern.isEmpty()) {
                throw new ConfigException(
                        REDIS_INPUT_STREAM,
                        stream.get().stream(),
                        "a stream name with one *, like"
                                + " REDIS_INPUT_KEY, since every key of the pattern has a stream of its own");
            }
            String probe = "node-a";
            String instanceOutput = outputKey.orElse("") + ":" + probe;
            if (redis.cluster()
                    && JedisClusterCRC16.getSlot(streamPattern.get().key(probe))
                            != JedisClusterCRC16.getSlot(instanceOutput)) {
                throw new ConfigException(
                        REDIS_INPUT_STREAM,
                        stream.get().stream(),
                        "on a Redis Cluster, a pattern"
                                + " whose streams share their instance's hash slot, such as {" + outputKey.orElse("")
                                + ":*}"
                                + " (" + probe + "'s stream is then {" + instanceOutput
                                + "}, in the slot of its output "
                                + instanceOutput + "), so that an entry's acknowledgement is part of its commit");
            }
        }
        return new RuntimeConfig(
                redis,
                inputKey,
                outputKey,
                env.seconds(List.of(POLL_INTERVAL_SECONDS, INTERVAL), Duration.ofSeconds(5), MIN_INTERVAL, HOUR),
                codeSettings(env),
                env.seconds(HANDLER_TIMEOUT_SECONDS, DEFAULT_HANDLER_TIMEOUT, Duration.ofMillis(10), HOUR),
                trigger,
                stateKey,
                statusKey,
                leaseKey,
                inflightKey,
                callsKey,
                historyKey,
                stream,
                lease,
                env.bytes(MAX_INPUT_BYTES, DEFAULT_MAX_INPUT_BYTES, Bytes.KIB, 512 * Bytes.MIB),
                env.integer(POISON_RETRIES, 1, 1, 100),
                callsLogLength,
                (int) env.bytes(CAPTURE_BYTES, DEFAULT_CAPTURE_BYTES, 0, Bytes.MIB),
                outputHistory,
                inputPattern,
                streamPattern,
                instanceId(env),
                env.integer(HTTP_PORT, 8080, 0, 65_535));
    }

    private record NamedKey(String name, Optional<String> key) {}

    private static Optional<KeyPattern> pattern(String variable, String value) {
        try {
            return KeyPattern.of(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable, value, "a key, or a pattern with one * such as metrics:*");
        }
    }

    /** A pattern serves many instances: each needs keys of its own, all named after its own output key. */
    private static void requireForPattern(Env env, Optional<String> outputKey) {
        if (outputKey.isEmpty()) {
            throw new ConfigException(
                    REDIS_OUTPUT_KEY,
                    null,
                    "an output key when REDIS_INPUT_KEY is a pattern: the"
                            + " instance for key P:x writes <output key>:x");
        }
        if (outputKey.get().contains("*")) {
            throw new ConfigException(
                    REDIS_OUTPUT_KEY,
                    outputKey.get(),
                    "a key, not a pattern: each instance writes"
                            + " <output key>:<what the input pattern's * matched>");
        }
        for (String variable : List.of(STATE_KEY, STATUS_KEY)) {
            if (env.optional(variable).isPresent()) {
                throw new ConfigException(
                        variable,
                        env.optional(variable).get(),
                        "to be left unset when"
                                + " REDIS_INPUT_KEY is a pattern: every instance has its own (<output key>:<x>"
                                + (variable.equals(STATE_KEY) ? ":env" : ":status") + "); set it empty to turn it off");
            }
        }
    }

    /**
     * The keys of the instance for one key of the input pattern, or of the one instance: {@code matched} is what the
     * pattern's {@code *} matched, empty for a runtime whose input key is a key.
     */
    public InstanceKeys keysFor(Optional<String> matched) {
        if (matched.isEmpty()) {
            return new InstanceKeys(
                    inputKey,
                    outputKey,
                    stateKey,
                    statusKey,
                    leaseKey,
                    inflightKey,
                    callsKey,
                    historyKey,
                    stream.map(StreamSettings::stream),
                    stream.map(StreamSettings::deadKey),
                    stream.map(StreamSettings::group));
        }
        String suffix = matched.get();
        String output = outputKey.orElseThrow() + ":" + suffix;
        FunctionKeys keys = FunctionKeys.of(output, redis.cluster());
        return new InstanceKeys(
                inputPattern.orElseThrow().key(suffix),
                Optional.of(output),
                stateKey.map(key -> keys.env()),
                statusKey.map(key -> keys.status()),
                Optional.of(keys.lock()),
                Optional.of(keys.inflight()),
                callsKey.map(key -> keys.calls()),
                historyKey.map(key -> keys.history()),
                streamPattern.map(pattern -> pattern.key(suffix)),
                stream.map(settings -> keys.dead()),
                stream.map(settings -> settings.groupGiven() ? settings.group() : output));
    }

    private static StreamSettings streamSettings(
            Env env, String inputKey, Optional<String> outputKey, Optional<FunctionKeys> keys) {
        if (outputKey.isEmpty()) {
            throw new ConfigException(
                    TRIGGER,
                    "stream",
                    "REDIS_OUTPUT_KEY to be set as well: a stream's entries are"
                            + " acknowledged, retried and dead-lettered under the output key");
        }
        return new StreamSettings(
                env.string(REDIS_INPUT_STREAM, inputKey + ":stream"),
                env.string(FUNCTION_GROUP, outputKey.get()),
                consumerName(env),
                env.integer(MAX_ATTEMPTS, 3, 1, 100),
                keys.orElseThrow().dead(),
                env.optional(FUNCTION_GROUP).isPresent());
    }

    /** The pod's name on Kubernetes (HOSTNAME), else this host's name. */
    private static String consumerName(Env env) {
        return env.optional("HOSTNAME").orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "runtime-" + ProcessHandle.current().pid();
            }
        });
    }

    /**
     * The keys the runtime reads and writes must be pairwise distinct: a state key equal to the status key loses
     * the state at the next status, one equal to the lease key fights the lease forever.
     */
    private static void requireDistinct(List<NamedKey> keys) {
        List<NamedKey> seen = new ArrayList<>();
        for (NamedKey named : keys) {
            if (named.key().isEmpty()) {
                continue;
            }
            for (NamedKey earlier : seen) {
                if (earlier.key().equals(named.key())) {
                    String variable = named.name().startsWith("the ") ? earlier.name() : named.name();
                    String other = named.name().startsWith("the ") ? named.name() : earlier.name();
                    throw new ConfigException(
                            variable,
                            named.key().get(),
                            "a key other than " + other
                                    + ": the input, output, state, status, lease and in-flight keys must all differ");
                }
            }
            seen.add(named);
        }
    }

    /** The derived key by default; set to the empty string, off; without an output key, off unless set. */
    private static Optional<String> derivedKey(Env env, String variable, Optional<String> derived) {
        if (env.isSetEmpty(variable)) {
            return Optional.empty();
        }
        return env.optional(variable).or(() -> derived);
    }

    private static CodeSettings codeSettings(Env env) {
        Optional<HandlerSpec> handler = env.optional(FUNCTION_HANDLER).map(text -> {
            try {
                return HandlerSpec.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(FUNCTION_HANDLER, text, e.getMessage().replaceFirst("^expected ", ""));
            }
        });
        return new CodeSettings(
                path(env, FUNCTION_PATH, DEFAULT_FUNCTION_PATH),
                env.optional(FUNCTION_ZIP),
                handler,
                path(env, CODE_CACHE_DIR, defaultCodeCacheDir().toString()),
                env.seconds(FUNCTION_DOWNLOAD_TIMEOUT_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1), HOUR),
                env.seconds(FUNCTION_URL_CHECK_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1), HOUR),
                env.optional(FUNCTION_ZIP_SHA256),
                env.bool(FUNCTION_ZIP_FOLLOW_REDIRECTS, false));
    }

    private static Path path(Env env, String variable, String defaultValue) {
        String value = env.string(variable, defaultValue);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(variable, value, "a file system path");
        }
    }

    private static TriggerMode trigger(Env env) {
        String value = env.string(TRIGGER, "poll");
        return TriggerMode.parse(value, TRIGGERS)
                .orElseThrow(() -> new ConfigException(TRIGGER, value, TriggerMode.describe(TRIGGERS)));
    }

    /** Who holds the lease: the pod name on Kubernetes (HOSTNAME), plus the process id. */
    private static String instanceId(Env env) {
        return env.string("HOSTNAME", "runtime") + "-" + ProcessHandle.current().pid();
    }

    /** On a Cluster the commit is one script, so every key it writes must hash to the output key's slot. */
    private static void requireOutputSlot(String variable, Optional<String> key, String outputKey) {
        if (key.isPresent() && JedisClusterCRC16.getSlot(key.get()) != JedisClusterCRC16.getSlot(outputKey)) {
            throw new ConfigException(
                    variable,
                    key.get(),
                    "a key in the output key's hash slot on a Redis Cluster," + " such as {" + outputKey + "}:"
                            + key.get() + ", so that it is part of the output's commit (or unset, for the default)");
        }
    }
}
