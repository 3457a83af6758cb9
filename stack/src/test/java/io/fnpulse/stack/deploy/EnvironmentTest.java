package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each container finds in its environment: every ConfigMap and key it needs exists (or is optional), every
 * variable is one its service's code reads, and the service's own configuration parser accepts the lot.
 */
class EnvironmentTest {

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyConfigMapAndKeyAContainerNeedsIsDeployedOrOptional(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        assertThat(manifests.containers())
                .isNotEmpty()
                .allSatisfy(container -> assertThat(container.configMapReferences())
                        .allSatisfy(ref -> {
                            if (ref.optional()) {
                                return;
                            }
                            JsonNode configMap = manifests
                                    .find("ConfigMap", ref.name())
                                    .orElseThrow(() -> new AssertionError(container + " needs ConfigMap " + ref.name()
                                            + " (" + ref.where() + "), which is not deployed"));
                            ref.key()
                                    .ifPresent(key -> assertThat(
                                                    configMap.path("data").has(key)
                                                            || configMap
                                                                    .path("binaryData")
                                                                    .has(key))
                                            .as(
                                                    "%s needs key %s of ConfigMap %s (%s)",
                                                    container, key, ref.name(), ref.where())
                                            .isTrue());
                        }));
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyVariableAContainerGetsIsOneItsServiceReads(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        for (ContainerView container : manifests.fnpulseContainers()) {
            FnpulseService service = container.service().orElseThrow();
            assertThat(container.env(manifests).keySet())
                    .as(
                            "variables of %s that %s does not read (a typo, or a ConfigMap key it ignores)",
                            container, service)
                    .allMatch(service::reads, "read by " + service);
        }
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyContainersEnvironmentPassesItsServicesValidation(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        for (ContainerView container : manifests.fnpulseContainers()) {
            Map<String, String> env = container.env(manifests);
            assertThatCode(() -> container.service().orElseThrow().listeningPort(env))
                    .as("%s's environment %s", container, env)
                    .doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theSeedsConfigMapsHoldTheirKeysAndRuntimeImprovedStaysOptional(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        assertThat(manifests.get("ConfigMap", "outputkey").path("data").has("REDIS_OUTPUT_KEY"))
                .isTrue();
        assertThat(manifests.get("ConfigMap", "runtime-improved").path("data").fieldNames())
                .toIterable()
                .contains("REDIS_INPUT_KEY", "POLL_INTERVAL_SECONDS", "FUNCTION_HANDLER");

        List<ContainerView.ConfigMapRef> runtimeImproved = manifests.containers().stream()
                .flatMap(container -> container.configMapReferences().stream())
                .filter(ref -> ref.name().equals("runtime-improved"))
                .toList();
        assertThat(runtimeImproved)
                .as("references to ConfigMap runtime-improved")
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(ref.optional())
                        .as(
                                "runtime-improved is optional, as in the seed: without it the runtime uses its defaults (%s)",
                                ref.where())
                        .isTrue());
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theDashboardChartsTheOutputAndStatusKeysTheRuntimeWrites(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        RuntimeConfig runtime = RuntimeConfig.fromEnv(
                new Env(manifests.container(FnpulseService.RUNTIME).env(manifests)));
        DashboardConfig dashboard = DashboardConfig.fromEnv(
                new Env(manifests.container(FnpulseService.DASHBOARD).env(manifests)));

        assertThat(runtime.outputKey()).as("the runtime writes its results").isPresent();
        assertThat(dashboard.outputKey()).isEqualTo(runtime.outputKey().get());
        assertThat(dashboard.statusKey()).isEqualTo(runtime.keys().single().status());
    }
}
