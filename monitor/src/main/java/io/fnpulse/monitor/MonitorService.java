package io.fnpulse.monitor;

import io.fnpulse.monitor.host.HostSampler;
import io.fnpulse.monitor.publish.PublishLoop;
import io.fnpulse.monitor.publish.SnapshotPublisher;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/** One running monitor: sampling and publishing on its own thread, health endpoints up. Main and the stack run it. */
public final class MonitorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MonitorService.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final RedisClient redis;
    private final HealthServer http;
    private final PublishLoop loop;

    private MonitorService(MonitorConfig config) {
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("monitor");
        HostSampler sampler = HostSampler.forThisHost();
        redis = config.redis().newClient(REDIS_TIMEOUT);
        SnapshotPublisher publisher = new SnapshotPublisher(redis, config.metricsKey(), config.redis().address(),
                new Backoff(FIRST_RETRY, LONGEST_RETRY), Clock.systemUTC(), registry);
        http = HealthServer.start(config.httpPort(), registry, new io.fnpulse.service.lifecycle.Liveness(registry, Clock.systemUTC()), publisher::readiness);
        loop = new PublishLoop(sampler, publisher, config.interval(), registry);
        loop.start();
        log.info("monitor started: publishing this host's metrics to {} key '{}' every {} s;"
                        + " /healthz, /readyz and /metrics on http port {}",
                config.redis(), config.metricsKey(), seconds(config.interval()), http.port());
    }

    /** @throws java.io.UncheckedIOException when the HTTP port cannot be opened */
    public static MonitorService start(MonitorConfig config) {
        return new MonitorService(config);
    }

    public int httpPort() {
        return http.port();
    }

    @Override
    public void close() {
        loop.close();
        http.close();
        redis.close();
        log.info("monitor stopped");
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
