package io.fnpulse.monitor;

import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.time.Duration;

/**
 * Everything the monitor reads from its environment, validated once at start.
 *
 * <table>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code REDIS_HOST}, {@code REDIS_PORT}, ...</td><td>{@code localhost}, {@code 6379}</td>
 *       <td>the Redis server, see {@link RedisSettings}</td></tr>
 *   <tr><td>{@code REDIS_METRICS_KEY}</td><td>{@code metrics}</td><td>the key each snapshot is SET to</td></tr>
 *   <tr><td>{@code INTERVAL_SECONDS}</td><td>{@code 5}</td><td>decimal seconds between snapshots, 0.1 to 3600</td></tr>
 *   <tr><td>{@code HTTP_PORT}</td><td>{@code 8080}</td>
 *       <td>{@code /healthz}, {@code /readyz}, {@code /metrics}; {@code 0} picks a free port and logs it</td></tr>
 * </table>
 */
public record MonitorConfig(RedisSettings redis, String metricsKey, Duration interval, int httpPort) {

    public static final String METRICS_KEY = "REDIS_METRICS_KEY";
    public static final String INTERVAL = "INTERVAL_SECONDS";
    public static final String HTTP_PORT = "HTTP_PORT";

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    public static MonitorConfig fromEnv(Env env) {
        return new MonitorConfig(
                RedisSettings.fromEnv(env),
                env.string(METRICS_KEY, "metrics"),
                env.seconds(INTERVAL, Duration.ofSeconds(5), MIN_INTERVAL, MAX_INTERVAL),
                env.integer(HTTP_PORT, 8080, 0, 65_535));
    }
}
