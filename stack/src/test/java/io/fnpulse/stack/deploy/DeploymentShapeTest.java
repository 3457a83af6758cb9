package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each kustomization deploys: the base next to an existing Redis, the overlay on a bare cluster. */
class DeploymentShapeTest {

    @Test
    void theBaseDeploysTheRuntimeAndTheDashboardAndNoRedis() {
        Manifests base = Kustomization.EXISTING_REDIS.manifests();

        assertThat(base.ofKind("Deployment"))
                .extracting(d -> d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("runtime", "dashboard");
        assertThat(base.names())
                .contains(
                        "Service/dashboard", "ConfigMap/outputkey", "ConfigMap/function", "ConfigMap/runtime-improved");
        assertThat(base.containers()).extracting(ContainerView::service).allMatch(service -> service.isPresent());
    }

    @Test
    void theStandaloneOverlayAddsRedisAndTheMonitorToEverythingTheBaseHas() {
        Manifests overlay = Kustomization.STANDALONE.manifests();

        assertThat(overlay.names())
                .containsAll(Kustomization.EXISTING_REDIS.manifests().names())
                .contains("Deployment/redis", "Service/redis", "Deployment/monitor");
        assertThat(overlay.container(FnpulseService.MONITOR)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void ourImagesAreTaggedWithTheReleaseOfTheProjectVersion(FnpulseService service) {
        String release = MavenModules.projectVersion().replace("-SNAPSHOT", "");

        assertThat(KubernetesImages.of(service)).isEqualTo(service.imageRepository() + ":" + release);
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyDeploymentSelectsThePodsOfItsTemplate(Kustomization kustomization) {
        for (JsonNode deployment : kustomization.manifests().ofKind("Deployment")) {
            JsonNode selector = deployment.path("spec").path("selector").path("matchLabels");
            JsonNode labels =
                    deployment.path("spec").path("template").path("metadata").path("labels");
            assertThat(selector.isEmpty())
                    .as("%s has a selector", deployment.path("metadata").path("name"))
                    .isFalse();
            for (Map.Entry<String, JsonNode> label : (Iterable<Map.Entry<String, JsonNode>>) selector::fields) {
                assertThat(labels.path(label.getKey()))
                        .as(
                                "%s template label %s",
                                deployment.path("metadata").path("name").asText(), label.getKey())
                        .isEqualTo(label.getValue());
            }
        }
    }
}
