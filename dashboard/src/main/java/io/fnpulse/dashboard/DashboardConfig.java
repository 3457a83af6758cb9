package io.fnpulse.dashboard;

import io.fnpulse.dashboard.auth.SignInConfig;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.LogLevel;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.text.Bytes;
import io.fnpulse.service.trigger.TriggerMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the dashboard can be told, read once from the environment. The variable names and defaults live here
 * and nowhere else; the README's dashboard table lists the same (a test checks it).
 *
 * @param maxValueBytes the longest value of the output or status key (or of one stream entry) that is read; a longer
 *                      one is that key's problem, measured with {@code STRLEN} and never read
 * @param listenAddress {@code LISTEN_ADDRESS}: the interface the port is opened on, every one by default
 * @param signIn        who may see the page and the API ({@code DASHBOARD_USERS_FILE}, {@code DASHBOARD_TOKEN_FILE})
 */
public record DashboardConfig(
        int port,
        RedisSettings redis,
        String outputKey,
        Duration pollInterval,
        Duration history,
        Optional<String> statusKey,
        TriggerMode trigger,
        long maxValueBytes,
        String listenAddress,
        SignInConfig signIn) {

    public static final String PORT = "PORT";
    public static final String OUTPUT_KEY = "REDIS_OUTPUT_KEY";
    public static final String POLL_INTERVAL = "POLL_INTERVAL_SECONDS";
    public static final String HISTORY_MINUTES = "HISTORY_MINUTES";
    public static final String STATUS_KEY = "STATUS_KEY";
    public static final String TRIGGER = "TRIGGER";
    public static final String MAX_VALUE_BYTES = "MAX_VALUE_BYTES";
    public static final String LISTEN_ADDRESS = "LISTEN_ADDRESS";
    public static final String DEFAULT_LISTEN_ADDRESS = "0.0.0.0";

    public static final int DEFAULT_PORT = 53_004;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(2_500);
    public static final int DEFAULT_HISTORY_MINUTES = 60;
    public static final int MAX_HISTORY_MINUTES = 24 * 60;
    public static final long DEFAULT_MAX_VALUE_BYTES = 4 * Bytes.MIB;
    public static final String STATUS_KEY_SUFFIX = ":status";
    public static final List<TriggerMode> TRIGGERS = List.of(TriggerMode.POLL, TriggerMode.NOTIFY);
    /** Samples the history holds at most, whatever the window: a day of one sample a second. */
    public static final int MAX_HISTORY_SAMPLES = 86_400 + 1;

    static final int STREAM_SAMPLES_PER_SECOND = 10;

    /** Listening on every interface, sign-in off. */
    public DashboardConfig(
            int port,
            RedisSettings redis,
            String outputKey,
            Duration pollInterval,
            Duration history,
            Optional<String> statusKey,
            TriggerMode trigger,
            long maxValueBytes) {
        this(
                port,
                redis,
                outputKey,
                pollInterval,
                history,
                statusKey,
                trigger,
                maxValueBytes,
                DEFAULT_LISTEN_ADDRESS,
                SignInConfig.off());
    }

    public DashboardConfig {
        if (outputKey == null || outputKey.isBlank()) {
            throw new ConfigException(OUTPUT_KEY, outputKey, "the Redis key the function writes its results to");
        }
        if (!TRIGGERS.contains(trigger)) {
            throw new ConfigException(TRIGGER, trigger.toString(), TriggerMode.describe(TRIGGERS));
        }
    }

    public static DashboardConfig fromEnv(Env env) {
        LogLevel.fromEnv(env);
        String outputKey =
                env.required(OUTPUT_KEY, "the Redis key the function writes its results to, e.g. metrics-output");
        RedisSettings redis = RedisSettings.fromEnv(env);
        FunctionKeys keys = FunctionKeys.of(outputKey, redis.cluster());
        Optional<String> statusKey =
                env.isSetEmpty(STATUS_KEY) ? Optional.empty() : Optional.of(env.string(STATUS_KEY, keys.status()));
        return new DashboardConfig(
                env.port(PORT, DEFAULT_PORT),
                redis,
                outputKey,
                env.seconds(POLL_INTERVAL, DEFAULT_POLL_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1)),
                Duration.ofMinutes(env.integer(HISTORY_MINUTES, DEFAULT_HISTORY_MINUTES, 1, MAX_HISTORY_MINUTES)),
                statusKey,
                trigger(env),
                env.bytes(MAX_VALUE_BYTES, DEFAULT_MAX_VALUE_BYTES, Bytes.KIB, 512 * Bytes.MIB),
                listenAddress(env),
                SignInConfig.fromEnv(env));
    }

    private static String listenAddress(Env env) {
        String address = env.string(LISTEN_ADDRESS, DEFAULT_LISTEN_ADDRESS);
        if (!address.matches("[0-9A-Fa-f.:]+|localhost")) {
            throw new ConfigException(
                    LISTEN_ADDRESS,
                    address,
                    "an IP address to listen on: 0.0.0.0 (all), 127.0.0.1 (this machine only)");
        }
        return address;
    }

    private static TriggerMode trigger(Env env) {
        String value = env.string(TRIGGER, TriggerMode.POLL.toString());
        return TriggerMode.parse(value, TRIGGERS)
                .orElseThrow(() -> new ConfigException(TRIGGER, value, TriggerMode.describe(TRIGGERS)));
    }

    /** The runtime's keys for this output key: where its history and calls log are. */
    public FunctionKeys keys() {
        return FunctionKeys.of(outputKey, redis.cluster());
    }

    /**
     * How many samples the history holds: one per poll over the window, or, since a history stream can hold more
     * outputs than the poll sees, up to {@value #STREAM_SAMPLES_PER_SECOND} a second over the window, and never more
     * than {@link #MAX_HISTORY_SAMPLES} (a day of one a second).
     */
    public int historyCapacity() {
        long perPoll = Math.max(1, history.toNanos() / pollInterval.toNanos()) + 1;
        long fromStream = Math.min(MAX_HISTORY_SAMPLES, history.toSeconds() * STREAM_SAMPLES_PER_SECOND + 1);
        return Math.toIntExact(Math.max(perPoll, fromStream));
    }

    /** The same settings on another port, for tests and benches. */
    public DashboardConfig withPort(int newPort) {
        return new DashboardConfig(
                newPort,
                redis,
                outputKey,
                pollInterval,
                history,
                statusKey,
                trigger,
                maxValueBytes,
                listenAddress,
                signIn);
    }
}
