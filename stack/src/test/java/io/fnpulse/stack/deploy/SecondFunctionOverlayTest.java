package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k8s/overlays/second-function: the documented nameSuffix pattern deploys a second function beside the first in one
 * namespace. Rendered (with kubectl where it is installed, else the fallback, which a test here keeps equal), it must
 * collide with the first in no name and no selector, reference only its own ConfigMaps and write its own keys.
 */
class SecondFunctionOverlayTest {

    private static final String SUFFIX = "-second";

    private final Manifests first = Kustomization.EXISTING_REDIS.manifests();
    private final Manifests second = Manifests.render(ProjectFiles.resolve("k8s/overlays/second-function"));

    @Test
    void everyObjectOfTheBaseIsThereOnceMoreWithTheSuffixAndNoNameCollides() {
        assertThat(second.names())
                .containsExactlyInAnyOrderElementsOf(
                        first.names().stream().map(name -> name + SUFFIX).toList());
        assertThat(second.names()).doesNotContainAnyElementsOf(first.names());
    }

    @Test
    void everyConfigMapReferenceIsRewrittenToTheSecondFunctionsOwn() {
        List<String> ownConfigMaps = second.ofKind("ConfigMap").stream()
                .map(configMap -> configMap.path("metadata").path("name").asText())
                .toList();
        for (ContainerView container : second.containers()) {
            assertThat(container.configMapReferences())
                    .as("%s's ConfigMaps", container)
                    .isNotEmpty()
                    .allSatisfy(ref -> assertThat(ownConfigMaps).as(ref.where()).contains(ref.name()));
        }
        for (ContainerView container : second.containers()) {
            for (ContainerView.Mount mount : container.mounts()) {
                if (mount.volume().has("configMap")) {
                    assertThat(ownConfigMaps)
                            .as("%s mounts %s", container, mount.path())
                            .contains(mount.volume()
                                    .path("configMap")
                                    .path("name")
                                    .asText());
                }
            }
        }
    }

    @Test
    void noSelectorOfOneFunctionPicksThePodsOfTheOther() {
        assertThat(overlaps(first, second))
                .as("selectors of the first that pick pods of the second")
                .isEmpty();
        assertThat(overlaps(second, first))
                .as("selectors of the second that pick pods of the first")
                .isEmpty();
        assertThat(overlaps(second, second))
                .as("selectors of the second that pick the wrong pods of its own")
                .allMatch(overlap -> overlap.startsWith("Service/dashboard-second -> dashboard-second")
                        || overlap.startsWith("Deployment/runtime-second -> runtime-second")
                        || overlap.startsWith("Deployment/dashboard-second -> dashboard-second"));
    }

    @Test
    void theSecondFunctionWritesItsOwnKeysAndItsDashboardChartsThem() {
        RuntimeConfig one = RuntimeConfig.fromEnv(
                new Env(first.container(FnpulseService.RUNTIME).env(first)));
        Map<String, String> twoEnv = second.container(FnpulseService.RUNTIME).env(second);
        RuntimeConfig two = RuntimeConfig.fromEnv(new Env(twoEnv));
        DashboardConfig twoDashboard = DashboardConfig.fromEnv(
                new Env(second.container(FnpulseService.DASHBOARD).env(second)));

        assertThat(two.outputKey()).contains("second-output").isNotEqualTo(one.outputKey());
        assertThat(two.keys().single().state()).isNotEqualTo(one.keys().single().state());
        assertThat(two.keys().single().status())
                .isNotEqualTo(one.keys().single().status());
        assertThat(twoDashboard.outputKey()).isEqualTo(two.outputKey().orElseThrow());
        assertThat(twoDashboard.statusKey()).isEqualTo(two.keys().single().status());
    }

    @Test
    void theFallbackRendererAgreesWithKubectl() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Manifests.kubectl().isPresent(), "kubectl is not installed");
        Manifests fallback = Manifests.renderWithoutKubectl(ProjectFiles.resolve("k8s/overlays/second-function"));
        Manifests kubectl = Manifests.renderWithKubectl(
                Manifests.kubectl().get(), ProjectFiles.resolve("k8s/overlays/second-function"));
        Map<String, JsonNode> expected = FallbackRenderingTest.byName(kubectl);
        Map<String, JsonNode> actual = FallbackRenderingTest.byName(fallback);
        expected.forEach((name, object) -> assertThat(actual.get(name)).as(name).isEqualTo(object));
        assertThat(fallback.names()).containsExactlyInAnyOrderElementsOf(kubectl.names());
    }

    /** "Kind/name -> workload" for each selector of {@code selecting} that matches a pod template of {@code pods}. */
    private static List<String> overlaps(Manifests selecting, Manifests pods) {
        List<String> found = new ArrayList<>();
        for (JsonNode object : selecting.objects()) {
            JsonNode selector = object.path("kind").asText().equals("Service")
                    ? object.path("spec").path("selector")
                    : object.path("spec").path("selector").path("matchLabels");
            if (selector.isMissingNode() || selector.isEmpty()) {
                continue;
            }
            for (ContainerView pod : pods.containers()) {
                if (matches(selector, pod.podLabels())) {
                    found.add(object.path("kind").asText() + "/"
                            + object.path("metadata").path("name").asText() + " -> " + pod.workload());
                }
            }
        }
        return found;
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        for (Iterator<Map.Entry<String, JsonNode>> each = selector.fields(); each.hasNext(); ) {
            Map.Entry<String, JsonNode> label = each.next();
            if (!labels.path(label.getKey()).equals(label.getValue())) {
                return false;
            }
        }
        return true;
    }
}
