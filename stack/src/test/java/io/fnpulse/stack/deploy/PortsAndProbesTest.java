package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Probes and Services reach the port each service's code listens on, and the dashboard answers on 53004. */
class PortsAndProbesTest {

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void probesAskTheHealthEndpointsOnThePortTheServiceListensOn(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        for (ContainerView container : manifests.fnpulseContainers()) {
            int port = container.service().orElseThrow().listeningPort(container.env(manifests));
            assertThat(container.containerPort(Yamls.JSON.valueToTree(port)))
                    .as("%s declares the port its code listens on", container)
                    .contains(port);

            JsonNode liveness = container.container().path("livenessProbe").path("httpGet");
            assertThat(liveness.path("path").asText())
                    .as("%s: liveness asks only whether the process answers, never about Redis", container)
                    .isEqualTo("/healthz");
            assertThat(container.containerPort(liveness.path("port")))
                    .as("%s liveness port", container)
                    .contains(port);

            JsonNode readiness = container.container().path("readinessProbe").path("httpGet");
            assertThat(readiness.path("path").asText())
                    .as("%s readiness path", container)
                    .isIn("/healthz", "/readyz");
            assertThat(container.containerPort(readiness.path("port")))
                    .as("%s readiness port", container)
                    .contains(port);
        }
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyContainerHasALivenessAndAReadinessProbe(Kustomization kustomization) {
        assertThat(kustomization.manifests().containers()).allSatisfy(container -> {
            assertThat(container.container().has("livenessProbe"))
                    .as("%s livenessProbe", container)
                    .isTrue();
            assertThat(container.container().has("readinessProbe"))
                    .as("%s readinessProbe", container)
                    .isTrue();
        });
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyServiceSelectsPodsAndTargetsAPortTheirContainerDeclares(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        for (JsonNode service : manifests.ofKind("Service")) {
            String name = service.path("metadata").path("name").asText();
            List<ContainerView> selected = manifests.selectedBy(service);
            assertThat(selected).as("pods selected by Service %s", name).isNotEmpty();
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                assertThat(selected)
                        .as("Service %s targetPort %s", name, target)
                        .anySatisfy(container ->
                                assertThat(container.containerPort(target)).isPresent());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theDashboardServiceAnswersOnTheSeedsPort53004(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        ContainerView dashboard = manifests.container(FnpulseService.DASHBOARD);
        int listening = FnpulseService.DASHBOARD.listeningPort(dashboard.env(manifests));
        JsonNode service = manifests.ofKind("Service").stream()
                .filter(candidate -> manifests.selectedBy(candidate).contains(dashboard))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service selects " + dashboard));

        assertThat(service.path("spec").path("ports")).anySatisfy(port -> {
            assertThat(port.path("port").asInt()).isEqualTo(53004);
            assertThat(dashboard.containerPort(port.path("targetPort"))).contains(listening);
        });
    }
}
