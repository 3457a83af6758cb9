package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Schemas of their own for the custom resources k8s/ may use, whose kinds no fabric8 model module knows: records
 * read with unknown fields refused (KubernetesSchema), so a misspelt or misplaced field fails as it does for a
 * built-in kind. A schema lists the fields fnpulse's manifests may use, not necessarily all the CRD has: a field
 * the CRD has and the record lacks fails too, and is then added here, from the CRD's own documentation.
 */
final class CustomResourceSchemas {

    private static final Map<String, Class<?>> SCHEMAS = Map.of(
            "keda.sh/v1alpha1 ScaledObject", ScaledObject.class,
            "monitoring.coreos.com/v1 PodMonitor", PodMonitor.class,
            "monitoring.coreos.com/v1 PrometheusRule", PrometheusRule.class);

    private CustomResourceSchemas() {}

    static Optional<Class<?>> of(String apiVersion, String kind) {
        return Optional.ofNullable(SCHEMAS.get(apiVersion + " " + kind));
    }

    /** KEDA's ScaledObject (keda.sh/v1alpha1): scales a workload on an event source, such as a Redis stream or list. */
    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {}

    record ScaledObjectSpec(
            ScaleTargetRef scaleTargetRef,
            Integer pollingInterval,
            Integer cooldownPeriod,
            Integer initialCooldownPeriod,
            Integer idleReplicaCount,
            Integer minReplicaCount,
            Integer maxReplicaCount,
            Fallback fallback,
            Advanced advanced,
            List<Trigger> triggers) {}

    record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {}

    record Fallback(Integer failureThreshold, Integer replicas, String behavior) {}

    /** {@code horizontalPodAutoscalerConfig.behavior} is an HPA's behavior, not checked further here. */
    record Advanced(
            Boolean restoreToOriginalReplicaCount,
            HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
            ScalingModifiers scalingModifiers) {}

    record HorizontalPodAutoscalerConfig(String name, JsonNode behavior) {}

    record ScalingModifiers(String formula, String target, String activationTarget, String metricType) {}

    /** {@code metadata}: the scaler's settings, all strings (KEDA reads them as such). */
    record Trigger(
            String type,
            String name,
            Map<String, String> metadata,
            AuthenticationRef authenticationRef,
            String metricType,
            Boolean useCachedMetrics) {}

    record AuthenticationRef(String name, String kind) {}

    /** The Prometheus Operator's PodMonitor (monitoring.coreos.com/v1): which pods Prometheus scrapes, and how. */
    record PodMonitor(String apiVersion, String kind, ObjectMeta metadata, PodMonitorSpec spec) {}

    record PodMonitorSpec(
            io.fabric8.kubernetes.api.model.LabelSelector selector,
            NamespaceSelector namespaceSelector,
            String jobLabel,
            List<String> podTargetLabels,
            List<PodMetricsEndpoint> podMetricsEndpoints) {}

    record NamespaceSelector(Boolean any, List<String> matchNames) {}

    record PodMetricsEndpoint(
            String port, String path, String scheme, String interval, String scrapeTimeout, Boolean honorLabels) {}

    /** The Prometheus Operator's PrometheusRule (monitoring.coreos.com/v1): Prometheus rule groups. */
    record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, PrometheusRuleSpec spec) {}

    record PrometheusRuleSpec(List<RuleGroup> groups) {}

    record RuleGroup(String name, String interval, List<Rule> rules) {}

    /** {@code expr} is PromQL (promtool checks it: MonitoringOverlayTest). */
    record Rule(
            String alert,
            String record,
            String expr,

            @com.fasterxml.jackson.annotation.JsonProperty("for")
            String forDuration,

            Map<String, String> labels,
            Map<String, String> annotations) {}
}
