package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.runtime.KeySettings;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.function.KeyPattern;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/overlays/fleet: one monitor per node publishing to its node's key and stream, one runtime deployment serving
 * every node's stream as an instance of its own, the dashboard on every instance's output. Rendered as kubectl
 * would, and the names checked with the services' own configuration parsers.
 */
class FleetOverlayTest {

    private final Manifests overlay = Manifests.render(ProjectFiles.resolve("k8s/overlays/fleet"));

    private Map<String, String> env(FnpulseService service) {
        return overlay.container(service).env(overlay);
    }

    @Test
    void theMonitorIsADaemonSetPublishingToItsNodesKeyAndStream() {
        assertThat(overlay.find("Deployment", "monitor"))
                .as("the one-host monitor Deployment")
                .isEmpty();
        assertThat(overlay.container(FnpulseService.MONITOR).workload()).isEqualTo("monitor");
        assertThat(overlay.get("DaemonSet", "monitor")
                        .path("spec")
                        .path("template")
                        .path("spec")
                        .path("containers")
                        .get(0)
                        .path("env")
                        .toString())
                .contains("\"fieldPath\":\"spec.nodeName\"");

        MonitorConfig monitor = MonitorConfig.fromEnv(new Env(env(FnpulseService.MONITOR)));
        assertThat(monitor.metricsKey()).isEqualTo("metrics:" + ContainerView.NODE);
        assertThat(monitor.metricsStream()).contains("metrics:" + ContainerView.NODE + ":stream");
    }

    @Test
    void theRuntimeServesEachNodesStreamAsAnInstanceWritingThatNodesOutput() {
        MonitorConfig monitor = MonitorConfig.fromEnv(new Env(env(FnpulseService.MONITOR)));
        RuntimeConfig runtime = RuntimeConfig.fromEnv(new Env(env(FnpulseService.RUNTIME)));

        KeyPattern streams = runtime.keys().stream()
                .flatMap(KeySettings.StreamKeys::pattern)
                .orElseThrow(() -> new AssertionError("the runtime reads no stream pattern"));
        Optional<String> node = streams.suffixOf(monitor.metricsStream().orElseThrow());
        assertThat(node).as("the instance of the node's stream").contains(ContainerView.NODE);
        assertThat(runtime.keys().inputPattern().flatMap(keys -> keys.suffixOf(monitor.metricsKey())))
                .contains(ContainerView.NODE);
        assertThat(runtime.keys().keysFor(node).output()).contains("metrics-output:" + ContainerView.NODE);
        assertThat(overlay.get("Deployment", "runtime")
                        .path("spec")
                        .path("replicas")
                        .asInt())
                .as("replicas share the node keys")
                .isGreaterThan(1);
    }

    @Test
    void theDashboardChartsEveryInstancesOutput() {
        RuntimeConfig runtime = RuntimeConfig.fromEnv(new Env(env(FnpulseService.RUNTIME)));
        assertThat(env(FnpulseService.DASHBOARD))
                .containsEntry("REDIS_OUTPUT_KEY", runtime.outputKey().orElseThrow() + ":*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"RUNTIME", "MONITOR", "DASHBOARD"})
    void everyVariableIsOneTheServiceReadsAndItsParserAcceptsThem(String name) {
        FnpulseService service = FnpulseService.valueOf(name);
        Map<String, String> env = env(service);
        assertThat(env.keySet()).allMatch(service::reads, "read by " + service);
        assertThatCode(() -> service.listeningPort(env)).doesNotThrowAnyException();
    }

    @Test
    void theFallbackRendererAgreesWithKubectl() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Manifests.kubectl().isPresent(), "kubectl is not installed");
        assertThat(Manifests.renderWithoutKubectl(ProjectFiles.resolve("k8s/overlays/fleet"))
                        .names())
                .containsExactlyInAnyOrderElementsOf(overlay.names());
    }
}
