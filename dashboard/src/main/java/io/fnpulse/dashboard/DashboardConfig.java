package io.fnpulse.dashboard;

import io.fnpulse.dashboard.poll.Trigger;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the dashboard can be told, read once from the environment. The variable names and defaults live here
 * and nowhere else; {@code docs/dashboard.md}'s table lists the same (a test checks it).
 */
public record DashboardConfig(
        int port,
        RedisSettings redis,
        String outputKey,
        Duration pollInterval,
        Duration history,
        Optional<String> statusKey,
        Trigger trigger) {

    public static final String PORT = "PORT";
    public static final String OUTPUT_KEY = "REDIS_OUTPUT_KEY";
    public static final String POLL_INTERVAL = "POLL_INTERVAL_SECONDS";
    public static final String HISTORY_MINUTES = "HISTORY_MINUTES";
    public static final String STATUS_KEY = "STATUS_KEY";
    public static final String TRIGGER = "TRIGGER";

    public static final int DEFAULT_PORT = 53_004;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(2_500);
    public static final int DEFAULT_HISTORY_MINUTES = 60;
    public static final String STATUS_KEY_SUFFIX = ":status";

    public DashboardConfig {
        if (outputKey == null || outputKey.isBlank()) {
            throw new ConfigException(OUTPUT_KEY, outputKey, "the Redis key the function writes its results to");
        }
    }

    public static DashboardConfig fromEnv(Env env) {
        String outputKey = env.required(OUTPUT_KEY,
                "the Redis key the function writes its results to, e.g. metrics-output");
        Optional<String> statusKey = env.isSetEmpty(STATUS_KEY)
                ? Optional.empty()
                : Optional.of(env.string(STATUS_KEY, outputKey + STATUS_KEY_SUFFIX));
        return new DashboardConfig(
                env.port(PORT, DEFAULT_PORT),
                RedisSettings.fromEnv(env),
                outputKey,
                env.seconds(POLL_INTERVAL, DEFAULT_POLL_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1)),
                Duration.ofMinutes(env.integer(HISTORY_MINUTES, DEFAULT_HISTORY_MINUTES, 1, 7 * 24 * 60)),
                statusKey,
                trigger(env));
    }

    private static Trigger trigger(Env env) {
        String value = env.string(TRIGGER, Trigger.POLL.name());
        return Trigger.parse(value).orElseThrow(() -> new ConfigException(TRIGGER, value, "poll or notify"));
    }

    /** How many samples the history holds: one per poll over the history window, the most the poll can produce. */
    public int historyCapacity() {
        return Math.toIntExact(Math.max(1, history.toNanos() / pollInterval.toNanos()) + 1);
    }
}
