package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k8s/overlays/monitoring as the Prometheus Operator and Grafana take it: a PodMonitor per service scraping a port
 * its pods have, alerts that promtool accepts and whose unit tests (one per alert at least) pass, a runbook in
 * docs/runbooks.md for each alert, and a Grafana dashboard in a ConfigMap labelled for Grafana's sidecar.
 */
class MonitoringOverlayTest {

    static final Path OVERLAY = ProjectFiles.resolve("k8s/overlays/monitoring");
    private static final Manifests MANIFESTS = Manifests.render(OVERLAY);

    @TempDir
    Path dir;

    @Test
    void eachServiceHasAPodMonitorScrapingMetricsOnAPortItsPodsName() {
        for (FnpulseService service : FnpulseService.values()) {
            JsonNode monitor = MANIFESTS.get("PodMonitor", "fnpulse-" + service.module());
            JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);
            assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
            List<ContainerView> selected = MANIFESTS.containers().stream()
                    .filter(container -> service.module()
                            .equals(container
                                    .podLabels()
                                    .path("app.kubernetes.io/name")
                                    .asText()))
                    .toList();
            assertThat(monitor.path("spec")
                            .path("selector")
                            .path("matchLabels")
                            .path("app.kubernetes.io/name")
                            .asText())
                    .isEqualTo(service.module());
            assertThat(selected).as("pods of %s", service).isNotEmpty();
            for (ContainerView container : selected) {
                List<String> ports = new ArrayList<>();
                container
                        .container()
                        .path("ports")
                        .forEach(port -> ports.add(port.path("name").asText()));
                assertThat(ports)
                        .as("%s's port names", container)
                        .contains(endpoint.path("port").asText());
            }
        }
    }

    @Test
    void everyAlertHasARunbookInTheDocs() throws IOException {
        String runbooks = Files.readString(ProjectFiles.resolve("docs/runbooks.md"));
        List<JsonNode> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(runbooks).as("a runbook section for %s", name).contains("\n## " + name + "\n");
            assertThat(alert.path("annotations").path("runbook_url").asText())
                    .isEqualTo("docs/runbooks.md#" + name.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void promtoolAcceptsTheRulesAndEveryAlertHasAUnitTestThatPasses() throws IOException {
        Promtool.assumeInstalled();
        JsonNode rule = MANIFESTS.get("PrometheusRule", "fnpulse");
        Path checked = Promtool.rulesFile(rule, dir.resolve("checked.rules.yaml"), true);
        Promtool.Result check = Promtool.run(dir, null, "check", "rules", checked.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");

        Promtool.rulesFile(rule, dir.resolve("fnpulse.rules.yaml"), false);
        String tests = Files.readString(OVERLAY.resolve("alerts-test.yaml"));
        Files.writeString(dir.resolve("alerts-test.yaml"), tests);
        for (JsonNode alert : alerts()) {
            assertThat(tests)
                    .as("a unit test of %s", alert.path("alert").asText())
                    .contains("alertname: " + alert.path("alert").asText() + "\n");
        }
        Promtool.Result test = Promtool.run(dir, null, "test", "rules", "alerts-test.yaml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void theGrafanaDashboardIsAConfigMapForGrafanasSidecar() throws IOException {
        JsonNode configMap = MANIFESTS.get("ConfigMap", "fnpulse-grafana-dashboard");
        assertThat(configMap
                        .path("metadata")
                        .path("labels")
                        .path("grafana_dashboard")
                        .asText())
                .isEqualTo("1");
        JsonNode dashboard = Yamls.JSON.readTree(
                configMap.path("data").path("fnpulse-grafana.json").asText());
        assertThat(dashboard.path("uid").asText()).isEqualTo("fnpulse");
        List<String> exprs = exprs();
        assertThat(exprs)
                .anyMatch(expr -> expr.contains("fnpulse_invocations_total"))
                .anyMatch(expr -> expr.contains("fnpulse_dashboard_"))
                .anyMatch(expr -> expr.contains("fnpulse_monitor_"));
    }

    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group :
                MANIFESTS.get("PrometheusRule", "fnpulse").path("spec").path("groups")) {
            group.path("rules").forEach(alerts::add);
        }
        return alerts;
    }

    /** Every PromQL expression of the alerts and of the Grafana dashboard's panels. */
    static List<String> exprs() throws IOException {
        List<String> exprs = new ArrayList<>();
        alerts().forEach(alert -> exprs.add(alert.path("expr").asText()));
        JsonNode dashboard = Yamls.JSON.readTree(MANIFESTS
                .get("ConfigMap", "fnpulse-grafana-dashboard")
                .path("data")
                .path("fnpulse-grafana.json")
                .asText());
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets")
                    .forEach(target -> exprs.add(target.path("expr").asText()));
        }
        return exprs;
    }
}
