package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Where kubectl is missing the tests render k8s/ themselves; here, where it is present, both must agree. */
class FallbackRenderingTest {

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theFallbackRendersWhatKubectlKustomizeRenders(Kustomization kustomization) {
        Optional<Path> kubectl = Manifests.kubectl();
        assumeTrue(kubectl.isPresent(), "kubectl is not installed: nothing to compare the fallback with");

        Map<String, JsonNode> expected = byName(Manifests.renderWithKubectl(kubectl.get(), kustomization.dir()));
        Map<String, JsonNode> actual = byName(Manifests.renderWithoutKubectl(kustomization.dir()));

        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, object) -> assertThat(actual.get(name)).as(name).isEqualTo(object));
    }

    /** Objects by kind/name, with lists of named items (env, containers, volumes) in name order, as the order of such lists carries no meaning here. */
    static Map<String, JsonNode> byName(Manifests manifests) {
        Map<String, JsonNode> objects = new TreeMap<>();
        for (JsonNode object : manifests.objects()) {
            JsonNode normalized = object.deepCopy();
            sortNamedLists(normalized);
            objects.put(
                    object.path("kind").asText() + "/"
                            + object.path("metadata").path("name").asText(),
                    normalized);
        }
        return objects;
    }

    private static void sortNamedLists(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> sortNamedLists(field.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(FallbackRenderingTest::sortNamedLists);
            boolean named = array.size() > 1 && array.valueStream().allMatch(item -> item.has("name"));
            if (named) {
                List<JsonNode> items = new ArrayList<>(array.valueStream().toList());
                items.sort(Comparator.comparing(item -> item.get("name").asText()));
                array.removeAll();
                array.addAll(items);
            }
        }
    }
}
