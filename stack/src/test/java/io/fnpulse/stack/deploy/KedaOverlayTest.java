package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k8s/overlays/keda: KEDA's redis-streams scaler watches the very stream and consumer group the runtime reads, on the
 * Redis the runtime uses, and scales the runtime's Deployment. (ManifestSchemaTest checks its fields.)
 */
class KedaOverlayTest {

    private final Manifests overlay = Manifests.render(ProjectFiles.resolve("k8s/overlays/keda"));
    private final JsonNode scaledObject = overlay.get("ScaledObject", "runtime");
    private final JsonNode trigger = scaledObject.path("spec").path("triggers").get(0);

    @Test
    void scalesTheRuntimeDeploymentOnTheStreamAndGroupItReads() {
        ContainerView runtime = overlay.container(FnpulseService.RUNTIME);
        InstanceKeys stream =
                RuntimeConfig.fromEnv(new Env(runtime.env(overlay))).keys().single();
        assertThat(stream.stream())
                .as("the overlay's runtime runs with TRIGGER=stream")
                .isPresent();

        JsonNode target = scaledObject.path("spec").path("scaleTargetRef");
        assertThat(target.path("kind").asText()).isEqualTo("Deployment");
        assertThat(target.path("name").asText()).isEqualTo(runtime.workload());
        assertThat(target.path("envSourceContainerName").asText()).isEqualTo(runtime.name());
        assertThat(trigger.path("type").asText()).isEqualTo("redis-streams");
        assertThat(trigger.path("metadata").path("stream").asText())
                .isEqualTo(stream.stream().get());
        assertThat(trigger.path("metadata").path("consumerGroup").asText())
                .isEqualTo(stream.group().orElseThrow());
    }

    @Test
    void findsRedisWhereTheRuntimeDoes() {
        Map<String, String> env = overlay.container(FnpulseService.RUNTIME).env(overlay);
        JsonNode metadata = trigger.path("metadata");
        assertThat(env)
                .containsKeys(
                        metadata.path("hostFromEnv").asText(),
                        metadata.path("portFromEnv").asText());
        assertThat(metadata.path("hostFromEnv").asText()).isEqualTo("REDIS_HOST");
        assertThat(metadata.path("portFromEnv").asText()).isEqualTo("REDIS_PORT");
    }

    @Test
    void keepsOneReplicaAndCountsInWholeEntries() {
        JsonNode spec = scaledObject.path("spec");
        assertThat(spec.path("minReplicaCount").asInt()).isEqualTo(1);
        assertThat(spec.path("maxReplicaCount").asInt()).isGreaterThan(1);
        assertThat(Integer.parseInt(trigger.path("metadata").path("lagCount").asText()))
                .isPositive();
        assertThat(overlay.get("Deployment", "runtime")).isNotNull();
    }
}
