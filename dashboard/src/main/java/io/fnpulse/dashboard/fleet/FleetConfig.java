package io.fnpulse.dashboard.fleet;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisTopology;
import java.time.Duration;
import java.util.Optional;

/**
 * The fleet view's settings, present when {@code REDIS_OUTPUT_KEY} holds a {@code *}: the hosts' pattern, how many
 * hosts are watched at most ({@code MAX_HOSTS}), how often their outputs are read (the poll interval) and the host
 * list refreshed (every {@link #SCAN_EVERY}), the longest value read, and how many samples each host
 * keeps.
 */
public record FleetConfig(
        HostPattern pattern,
        int maxHosts,
        Duration pollInterval,
        Duration scanInterval,
        long maxValueBytes,
        Duration window,
        int samplesPerHost,
        boolean cluster) {

    public static final String MAX_HOSTS = "MAX_HOSTS";
    public static final int DEFAULT_MAX_HOSTS = 1_000;
    public static final int MOST_HOSTS = 100_000;
    public static final Duration SCAN_EVERY = Duration.ofSeconds(5);
    /** Per host, whatever the history window: 30 min at the default poll; about 70 MB for 1,000 hosts. */
    public static final int MOST_SAMPLES_PER_HOST = 720;

    public FleetConfig {
        if (maxHosts < 1 || maxHosts > MOST_HOSTS) {
            throw new ConfigException(MAX_HOSTS, Integer.toString(maxHosts), "from 1 to " + MOST_HOSTS);
        }
    }

    /** Empty when the output key names one key; a key with more than one {@code *} is refused. */
    public static Optional<FleetConfig> fromEnv(Env env, DashboardConfig dashboard) {
        Optional<HostPattern> pattern = pattern(dashboard.outputKey());
        if (pattern.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(
                dashboard,
                pattern.get(),
                env.integer(MAX_HOSTS, DEFAULT_MAX_HOSTS, 1, MOST_HOSTS),
                dashboard.maxValueBytes()));
    }

    /** The defaults for a dashboard configured in code, as tests do. */
    public static Optional<FleetConfig> defaults(DashboardConfig dashboard) {
        return pattern(dashboard.outputKey())
                .map(pattern -> of(dashboard, pattern, DEFAULT_MAX_HOSTS, dashboard.maxValueBytes()));
    }

    public static FleetConfig of(DashboardConfig dashboard, HostPattern pattern, int maxHosts, long maxValueBytes) {
        Duration poll = dashboard.pollInterval();
        int samples = Math.min(MOST_SAMPLES_PER_HOST, dashboard.historyCapacity());
        Duration window = poll.multipliedBy(samples - 1L);
        return new FleetConfig(
                pattern,
                maxHosts,
                poll,
                SCAN_EVERY,
                maxValueBytes,
                window.compareTo(dashboard.history()) < 0 ? window : dashboard.history(),
                samples,
                dashboard.redis().topology() instanceof RedisTopology.Cluster);
    }

    private static Optional<HostPattern> pattern(String outputKey) {
        try {
            return HostPattern.of(outputKey);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    DashboardConfig.OUTPUT_KEY, outputKey, "one key, or a pattern with one * such as metrics-output:*");
        }
    }
}
