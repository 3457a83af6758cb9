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

    private static final Map<String, Class<?>> SCHEMAS = Map.of("keda.sh/v1alpha1 ScaledObject", ScaledObject.class);

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
}
