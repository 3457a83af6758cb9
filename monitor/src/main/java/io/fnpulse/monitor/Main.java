package io.fnpulse.monitor;

import io.fnpulse.monitor.host.HostSampler;
import io.fnpulse.monitor.publish.PublishLoop;
import io.fnpulse.monitor.publish.SnapshotPublisher;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.StartupConfig;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/** The monitor: publishes this host's metrics to Redis every interval until SIGTERM. */
public final class Main {

    private static final Logger log = LoggerFactory.getLogger(Main.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        MonitorConfig config = StartupConfig.orExit(log, () -> MonitorConfig.fromEnv(Env.system()));
        ShutdownSignal shutdown = ShutdownSignal.install();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("monitor");
        HostSampler sampler = HostSampler.forThisHost();

        try (RedisClient redis = config.redis().newClient(REDIS_TIMEOUT)) {
            SnapshotPublisher publisher = new SnapshotPublisher(redis, config.metricsKey(), config.redis().address(),
                    new Backoff(FIRST_RETRY, LONGEST_RETRY), Clock.systemUTC(), registry);
            try (HealthServer http = HealthServer.start(config.httpPort(), registry, publisher::readiness);
                 PublishLoop loop = new PublishLoop(sampler, publisher, config.interval(), registry)) {
                loop.start();
                log.info("monitor started: publishing this host's metrics to {} key '{}' every {} s;"
                                + " /healthz, /readyz and /metrics on http port {}",
                        config.redis(), config.metricsKey(), seconds(config.interval()), http.port());
                log.info("stopping on {}", shutdown.await());
            }
        } catch (UncheckedIOException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
        }
        log.info("monitor stopped");
        System.exit(0);
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
