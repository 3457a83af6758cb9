package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test of the schema test: KubernetesSchema must catch what the API server's strict decoding would refuse,
 * on the real rendered runtime Deployment with one mistake put in, and must pass it as it is.
 */
class KubernetesSchemaTest {

    private static final Manifests MANIFESTS = Kustomization.EXISTING_REDIS.manifests();

    @Test
    void theRenderedRuntimeDeploymentAsItIsHasNoViolation() {
        assertThat(KubernetesSchema.violations(runtime())).isEmpty();
    }

    @Test
    void aMisspeltFieldIsCaughtWithItsPath() {
        ObjectNode deployment = runtime();
        ObjectNode container = container(deployment);
        container.set("readinesProbe", container.remove("readinessProbe"));

        assertThat(KubernetesSchema.violations(deployment))
                .singleElement()
                .asString()
                .startsWith(
                        "Deployment/runtime: spec.template.spec.containers[0].readinesProbe: unknown field \"readinesProbe\"")
                .endsWith("did you mean readinessProbe? (Container)");
    }

    @Test
    void aFieldInTheWrongPlaceIsCaught() {
        ObjectNode deployment = runtime();
        ObjectNode podSpec =
                (ObjectNode) deployment.path("spec").path("template").path("spec");
        podSpec.set("readinessProbe", container(deployment).remove("readinessProbe"));

        assertThat(KubernetesSchema.violations(deployment))
                .singleElement()
                .asString()
                .startsWith("Deployment/runtime: spec.template.spec.readinessProbe: unknown field");
    }

    @Test
    void aStringWhereTheApiWantsAnIntegerIsCaught() {
        ObjectNode deployment = runtime();
        ((ObjectNode) container(deployment).path("ports").get(0)).put("containerPort", "8080");

        assertThat(KubernetesSchema.violations(deployment))
                .singleElement()
                .asString()
                .contains("spec.template.spec.containers[0].ports[0].containerPort");
    }

    @Test
    void aNumberWhereTheApiWantsAStringIsCaught() {
        ObjectNode deployment = runtime();
        ((ArrayNode) container(deployment).path("env"))
                .addObject()
                .put("name", "POLL_INTERVAL_SECONDS")
                .put("value", 5);

        assertThat(KubernetesSchema.violations(deployment))
                .singleElement()
                .asString()
                .contains("spec.template.spec.containers[0].env[", "value");
    }

    @Test
    void anUnknownFieldInObjectMetaIsCaught() {
        ObjectNode deployment = runtime();
        ((ObjectNode) deployment.path("metadata")).put("namespaces", "fnpulse");

        assertThat(KubernetesSchema.violations(deployment))
                .singleElement()
                .asString()
                .startsWith("Deployment/runtime: metadata.namespaces: unknown field");
    }

    @Test
    void aKindWithNoSchemaIsReportedNotSkipped() {
        JsonNode trigger = Yamls.parseAll("""
                apiVersion: keda.sh/v1alpha1
                kind: TriggerAuthentication
                metadata: {name: redis-auth}
                spec: {secretTargetRef: [{parameter: password, name: fnpulse-redis-auth, key: REDIS_PASSWORD}]}
                """).get(0);

        assertThat(KubernetesSchema.violations(trigger))
                .singleElement()
                .asString()
                .startsWith("TriggerAuthentication/redis-auth: no schema for keda.sh/v1alpha1 TriggerAuthentication");
    }

    @Test
    void aCustomResourceIsCheckedAgainstItsOwnSchema() {
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata: {name: runtime, labels: {app.kubernetes.io/part-of: fnpulse}}
                spec:
                  scaleTargetRef: {name: runtime}
                  minReplicaCount: 1
                  maxReplicaCount: 4
                  triggers:
                    - type: redis-streams
                      metadata: {address: redis:6379, stream: metrics:stream, consumerGroup: metrics-output, lagCount: "10"}
                """;
        List<JsonNode> valid = Yamls.parseAll(scaledObject);
        List<JsonNode> misspelt = Yamls.parseAll(scaledObject.replace("maxReplicaCount", "maxReplicasCount"));
        List<JsonNode> notAString = Yamls.parseAll(scaledObject.replace("lagCount: \"10\"", "lagCount: 10"));

        assertThat(KubernetesSchema.violations(valid.get(0))).isEmpty();
        assertThat(KubernetesSchema.violations(misspelt.get(0)))
                .singleElement()
                .asString()
                .startsWith("ScaledObject/runtime: spec.maxReplicasCount: ");
        assertThat(KubernetesSchema.violations(notAString.get(0)))
                .singleElement()
                .asString()
                .contains("spec.triggers[0].metadata.lagCount");
    }

    private static ObjectNode runtime() {
        return (ObjectNode) MANIFESTS.get("Deployment", "runtime").deepCopy();
    }

    private static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment
                .path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .get(0);
    }
}
