package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On a bare cluster the overlay's Redis and monitor are wired to the runtime and the dashboard. */
class StandaloneOverlayTest {

    private final Manifests overlay = Kustomization.STANDALONE.manifests();

    @Test
    void everyServiceFindsTheOverlaysRedisAtRedisHostAndPort() {
        for (ContainerView container : overlay.fnpulseContainers()) {
            RedisSettings redis = RedisSettings.fromEnv(new Env(container.env(overlay)));
            JsonNode service = overlay.find("Service", redis.host())
                    .orElseThrow(() -> new AssertionError(
                            container + ": REDIS_HOST " + redis.host() + " is no Service of the overlay"));
            assertThat(service.path("spec").path("ports"))
                    .as("%s: Service %s port %s", container, redis.host(), redis.port())
                    .anySatisfy(port -> {
                        assertThat(port.path("port").asInt()).isEqualTo(redis.port());
                        assertThat(overlay.selectedBy(service))
                                .anySatisfy(redisContainer -> assertThat(
                                                redisContainer.containerPort(port.path("targetPort")))
                                        .isPresent());
                    });
        }
    }

    @Test
    void redisSendsTheKeyspaceNotificationsTheTriggersSubscribeTo() {
        assertThat(overlay.container(FnpulseService.DASHBOARD).env(overlay)).containsEntry("TRIGGER", "notify");
        assertThat(overlay.container(FnpulseService.RUNTIME).env(overlay)).containsEntry("TRIGGER", "stream");

        ContainerView redis = overlay.redisFor(overlay.container(FnpulseService.RUNTIME));
        String flags = redis.argument("--notify-keyspace-events")
                .orElseThrow(() -> new AssertionError(redis + " starts without --notify-keyspace-events"));
        assertThat(flags)
                .as("notify-keyspace-events: K (keyspace channel), $ (strings, such as SET) and t (streams,"
                        + " XADD) or A for all")
                .contains("K")
                .satisfiesAnyOf(
                        all -> assertThat(all).contains("A"),
                        each -> assertThat(each).contains("$", "t"));
    }

    @Test
    void theMonitorPublishesToTheKeyAndAppendsToTheStreamTheRuntimeReads() {
        Map<String, String> monitor = overlay.container(FnpulseService.MONITOR).env(overlay);
        Map<String, String> runtime = overlay.container(FnpulseService.RUNTIME).env(overlay);
        MonitorConfig publishing = MonitorConfig.fromEnv(new Env(monitor));
        RuntimeConfig reading = RuntimeConfig.fromEnv(new Env(runtime));

        assertThat(publishing.metricsKey()).isEqualTo(reading.keys().single().input());
        assertThat(publishing.metricsStream()).isPresent().isEqualTo(reading.keys().single().stream());
    }
}
