package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.util.ArrayList;
import java.util.List;
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
                    .orElseThrow(() -> new AssertionError(container + ": REDIS_HOST " + redis.host() + " is no Service of the overlay"));
            assertThat(service.path("spec").path("ports")).as("%s: Service %s port %s", container, redis.host(), redis.port())
                    .anySatisfy(port -> {
                        assertThat(port.path("port").asInt()).isEqualTo(redis.port());
                        assertThat(overlay.selectedBy(service))
                                .anySatisfy(redisContainer -> assertThat(redisContainer.containerPort(port.path("targetPort"))).isPresent());
                    });
        }
    }

    @Test
    void redisSendsTheKeyspaceNotificationsTheNotifyTriggerSubscribesTo() {
        List<ContainerView> notified = overlay.fnpulseContainers().stream()
                .filter(container -> "notify".equals(container.env(overlay).get("TRIGGER")))
                .toList();
        assertThat(notified).as("containers with TRIGGER=notify").extracting(ContainerView::workload)
                .contains("runtime", "dashboard");

        ContainerView redis = overlay.redisFor(overlay.container(FnpulseService.RUNTIME));
        String flags = redis.argument("--notify-keyspace-events")
                .orElseThrow(() -> new AssertionError(redis + " starts without --notify-keyspace-events"));
        assertThat(flags).as("notify-keyspace-events: K (keyspace channel) and $ or A (string commands such as SET)")
                .contains("K").containsAnyOf("$", "A");
    }

    @Test
    void theMonitorPublishesToTheKeyTheRuntimeWatches() {
        Map<String, String> monitor = overlay.container(FnpulseService.MONITOR).env(overlay);
        Map<String, String> runtime = overlay.container(FnpulseService.RUNTIME).env(overlay);

        assertThat(MonitorConfig.fromEnv(new Env(monitor)).metricsKey())
                .isEqualTo(RuntimeConfig.fromEnv(new Env(runtime)).inputKey());
    }
}
