package io.fnpulse.monitor;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.LogLevel;
import io.fnpulse.service.redis.RedisSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Everything the monitor reads from its environment, validated once at start; the README's monitor section lists the
 * same variables.
 *
 * @param metricsKey    where each snapshot is SET, {@code {node}} already replaced by the node's name
 * @param metricsStream where each snapshot is also XADDed (field {@code data}), when set
 * @param streamLength  the stream's approximate cap, {@code MAXLEN ~}
 * @param node          the node's name, when a key or the stream holds {@code {node}}
 */
public record MonitorConfig(
        RedisSettings redis,
        String metricsKey,
        Optional<String> metricsStream,
        long streamLength,
        Duration interval,
        int httpPort,
        Optional<String> node) {

    public static final String METRICS_KEY = "REDIS_METRICS_KEY";
    public static final String METRICS_STREAM = "REDIS_METRICS_STREAM";
    public static final String STREAM_LENGTH = "METRICS_STREAM_LENGTH";
    public static final String NODE_NAME = "NODE_NAME";
    public static final String INTERVAL = "INTERVAL_SECONDS";
    public static final String HTTP_PORT = "HTTP_PORT";
    /** The placeholder a key or stream name may hold, replaced by the node's name. */
    public static final String NODE_PLACEHOLDER = "{node}";
    /** Every variable the monitor reads, for the README's table. */
    public static final List<String> VARIABLES = variables();

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final long DEFAULT_STREAM_LENGTH = 10_000;
    private static final long MAX_STREAM_LENGTH = 100_000_000;
    /** Kubernetes node names are DNS subdomains; host names add upper case. Nothing a Redis glob would take apart. */
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

    private static final Pattern FORBIDDEN_IN_KEY = Pattern.compile("[\\s*?\\[\\]]");

    public static MonitorConfig fromEnv(Env env) {
        return fromEnv(env, MonitorConfig::hostName);
    }

    /** @param hostName the host's name, the node's name when {@code NODE_NAME} is unset */
    static MonitorConfig fromEnv(Env env, Supplier<Optional<String>> hostName) {
        LogLevel.fromEnv(env);
        RedisSettings redis = RedisSettings.fromEnv(env);
        String keyTemplate = env.string(METRICS_KEY, "metrics");
        Optional<String> streamTemplate = env.optional(METRICS_STREAM);
        long length = env.integer(STREAM_LENGTH, (int) DEFAULT_STREAM_LENGTH, 1, (int) MAX_STREAM_LENGTH);
        if (streamTemplate.isEmpty() && env.optional(STREAM_LENGTH).isPresent()) {
            throw new ConfigException(
                    STREAM_LENGTH,
                    env.optional(STREAM_LENGTH).get(),
                    "to be set only with " + METRICS_STREAM + ", the stream it caps");
        }
        boolean placeholder = keyTemplate.contains(NODE_PLACEHOLDER)
                || streamTemplate
                        .filter(stream -> stream.contains(NODE_PLACEHOLDER))
                        .isPresent();
        Optional<String> node = placeholder ? Optional.of(node(env, hostName)) : Optional.empty();
        String key = name(METRICS_KEY, keyTemplate, node);
        Optional<String> stream = streamTemplate.map(template -> name(METRICS_STREAM, template, node));
        if (stream.isPresent() && stream.get().equals(key)) {
            throw new ConfigException(
                    METRICS_STREAM,
                    streamTemplate.get(),
                    "another key than " + METRICS_KEY + " ('" + key + "'): one key cannot hold a string and a stream");
        }
        return new MonitorConfig(
                redis,
                key,
                stream,
                length,
                env.seconds(INTERVAL, Duration.ofSeconds(5), MIN_INTERVAL, MAX_INTERVAL),
                env.integer(HTTP_PORT, 8080, 0, 65_535),
                node);
    }

    private static String node(Env env, Supplier<Optional<String>> hostName) {
        Optional<String> set = env.optional(NODE_NAME);
        String expected = "a node name (letters, digits, '.', '-', '_'), as the downward API's spec.nodeName gives it,"
                + " because " + METRICS_KEY + " or " + METRICS_STREAM + " holds " + NODE_PLACEHOLDER;
        String name = set.or(() -> env.optional("HOSTNAME"))
                .or(hostName)
                .orElseThrow(() -> new ConfigException(NODE_NAME, null, expected + "; the host's name is unknown"));
        if (!NODE.matcher(name).matches()) {
            throw new ConfigException(
                    NODE_NAME,
                    name,
                    expected + (set.isPresent() ? "" : " (this is the host's name: set " + NODE_NAME + ")"));
        }
        return name;
    }

    private static String name(String variable, String template, Optional<String> node) {
        if (FORBIDDEN_IN_KEY.matcher(template).find()) {
            throw new ConfigException(
                    variable,
                    template,
                    "a key name without spaces or the glob characters * ? [ ]," + " optionally holding "
                            + NODE_PLACEHOLDER);
        }
        return node.map(name -> template.replace(NODE_PLACEHOLDER, name)).orElse(template);
    }

    private static Optional<String> hostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static List<String> variables() {
        List<String> all = new ArrayList<>(RedisSettings.VARIABLES);
        all.addAll(
                List.of(METRICS_KEY, METRICS_STREAM, STREAM_LENGTH, NODE_NAME, INTERVAL, HTTP_PORT, LogLevel.VARIABLE));
        return List.copyOf(all);
    }
}
