package io.fnpulse.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.monitor.host.HostSampler;
import io.fnpulse.monitor.publish.PublishLoop;
import io.fnpulse.monitor.publish.SnapshotPublisher;
import io.fnpulse.service.http.HealthServer;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.text.Seconds;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/** One running monitor: sampling and publishing on its own thread, health endpoints up. Main and the stack run it. */
public final class MonitorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MonitorService.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** The longest a snapshot of this host may take before the loop counts as stalled. */
    private static final Duration SAMPLING_BUDGET = Duration.ofSeconds(2);
    /**
     * Redis timeouts one publish may spend: SET and XADD, each of which Sentinel's or a Cluster's client may retry
     * against another node.
     */
    private static final int REDIS_TIMEOUTS_PER_PUBLISH = 6;

    private final UnifiedJedis redis;
    private final HealthServer http;
    private final PublishLoop loop;

    private MonitorService(MonitorConfig config, PublishLoop.Snapshots snapshots) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("monitor");
        Liveness liveness = new Liveness(registry, clock);
        redis = config.redis().connect();
        SnapshotPublisher publisher = new SnapshotPublisher(
                redis,
                new SnapshotPublisher.Target(config.metricsKey(), config.metricsStream(), config.streamLength()),
                config.redis().address(),
                new Backoff(FIRST_RETRY, LONGEST_RETRY),
                clock,
                registry);
        Heartbeat heartbeat = liveness.loop(PublishLoop.LOOP, heartbeatPeriod(config));
        loop = new PublishLoop(snapshots, publisher, config.interval(), heartbeat, registry);
        http = HealthServer.start(config.httpPort(), registry, liveness, publisher::readiness);
        loop.start();
        log.info(
                "monitor started: publishing this host's metrics to {} key '{}'{} every {} s;"
                        + " /healthz, /readyz and /metrics on http port {}",
                config.redis(),
                config.metricsKey(),
                config.metricsStream()
                        .map(stream -> " and stream '" + stream + "' (MAXLEN ~ " + config.streamLength() + ")")
                        .orElse(""),
                Seconds.of(config.interval()),
                http.port());
    }

    /** @throws java.io.UncheckedIOException when the HTTP port cannot be opened */
    public static MonitorService start(MonitorConfig config) {
        HostSampler sampler = HostSampler.forThisHost();
        ObjectMapper json = new ObjectMapper();
        return new MonitorService(
                config, () -> json.writeValueAsString(sampler.sample().toJsonObject()));
    }

    /** The same with another source of snapshots, for tests of the loop's supervision. */
    static MonitorService start(MonitorConfig config, PublishLoop.Snapshots snapshots) {
        return new MonitorService(config, snapshots);
    }

    static Duration heartbeatPeriod(MonitorConfig config) {
        return config.interval()
                .plus(SAMPLING_BUDGET)
                .plus(config.redis().timeout().multipliedBy(REDIS_TIMEOUTS_PER_PUBLISH));
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
}
