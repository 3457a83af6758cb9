package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization without kubectl, for machines that lack it. It knows only the parts of kustomize that
 * k8s/ uses — resources, configMapGenerator without a name suffix hash, strategic-merge patches ({@code $patch:
 * delete} of a whole object included), nameSuffix — and refuses anything
 * else, so a manifest change it cannot follow fails here instead of being checked wrongly. A test keeps its output
 * equal to kubectl's.
 */
final class KustomizeFallback {

    private static final Set<String> KNOWN_FIELDS =
            Set.of("apiVersion", "kind", "resources", "configMapGenerator", "patches", "nameSuffix");
    /** The strategic-merge keys of the lists k8s/ patches; any other list is replaced as a whole. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "containers",
            "name",
            "initContainers",
            "name",
            "env",
            "name",
            "volumes",
            "name",
            "volumeMounts",
            "mountPath",
            "ports",
            "containerPort");

    private KustomizeFallback() {}

    static List<JsonNode> build(Path dir) {
        JsonNode kustomization = Yamls.readOne(dir.resolve("kustomization.yaml"));
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!KNOWN_FIELDS.contains(field)) {
                throw new IllegalStateException(dir + "/kustomization.yaml uses " + field
                        + ", which the fallback renderer does not know: render with kubectl kustomize");
            }
        });
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? build(path) : Yamls.readAll(path));
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            objects.add(configMap(dir, generator));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (!patch.has("path") || patch.has("target")) {
                throw new IllegalStateException(
                        dir + ": the fallback renderer applies only `path:` strategic-merge patches");
            }
            for (JsonNode change : Yamls.readAll(dir.resolve(patch.get("path").asText()))) {
                apply(objects, change);
            }
        }
        if (kustomization.has("nameSuffix")) {
            suffix(objects, kustomization.get("nameSuffix").asText());
        }
        return objects;
    }

    /**
     * {@code nameSuffix}: every object renamed, and the pod specs' references to the ConfigMaps and Secrets among
     * them renamed too; a reference to one that is not rendered here (an optional Secret) stays as it is.
     */
    private static void suffix(List<JsonNode> objects, String suffix) {
        Set<String> configMaps = new java.util.HashSet<>();
        Set<String> secrets = new java.util.HashSet<>();
        for (JsonNode object : objects) {
            String name = object.path("metadata").path("name").asText();
            switch (object.path("kind").asText()) {
                case "ConfigMap" -> configMaps.add(name);
                case "Secret" -> secrets.add(name);
                default -> {}
            }
            ((ObjectNode) object.get("metadata")).put("name", name + suffix);
        }
        for (JsonNode object : objects) {
            JsonNode pod = object.path("spec").path("template").path("spec");
            for (JsonNode container : pod.path("containers")) {
                for (JsonNode source : container.path("envFrom")) {
                    rename(source.path("configMapRef"), "name", configMaps, suffix);
                    rename(source.path("secretRef"), "name", secrets, suffix);
                }
                for (JsonNode variable : container.path("env")) {
                    rename(variable.path("valueFrom").path("configMapKeyRef"), "name", configMaps, suffix);
                    rename(variable.path("valueFrom").path("secretKeyRef"), "name", secrets, suffix);
                }
            }
            for (JsonNode volume : pod.path("volumes")) {
                rename(volume.path("configMap"), "name", configMaps, suffix);
                rename(volume.path("secret"), "secretName", secrets, suffix);
            }
        }
    }

    private static void rename(JsonNode ref, String field, Set<String> rendered, String suffix) {
        if (ref instanceof ObjectNode object
                && rendered.contains(object.path(field).asText())) {
            object.put(field, object.get(field).asText() + suffix);
        }
    }

    private static JsonNode configMap(Path dir, JsonNode generator) {
        if (!generator.path("options").path("disableNameSuffixHash").asBoolean(false)) {
            throw new IllegalStateException(
                    "configMapGenerator " + generator.path("name").asText()
                            + " has a name suffix hash, which the fallback renderer does not compute");
        }
        ObjectNode configMap = Yamls.JSON.createObjectNode();
        configMap.put("apiVersion", "v1");
        configMap.put("kind", "ConfigMap");
        ObjectNode metadata = configMap.putObject("metadata");
        metadata.put("name", generator.path("name").asText());
        if (generator.path("options").has("labels")) {
            metadata.set("labels", generator.path("options").get("labels"));
        }
        ObjectNode data = configMap.putObject("data");
        for (JsonNode file : generator.path("files")) {
            String[] keyAndPath = file.asText().split("=", 2);
            String path = keyAndPath[keyAndPath.length - 1];
            String key = keyAndPath.length == 2
                    ? keyAndPath[0]
                    : Path.of(path).getFileName().toString();
            data.put(key, Yamls.read(dir.resolve(path)));
        }
        for (JsonNode literal : generator.path("literals")) {
            String[] keyAndValue = literal.asText().split("=", 2);
            data.put(keyAndValue[0], keyAndValue[1]);
        }
        return configMap;
    }

    private static void apply(List<JsonNode> objects, JsonNode change) {
        String kind = change.path("kind").asText();
        String name = change.path("metadata").path("name").asText();
        for (Iterator<JsonNode> each = objects.iterator(); each.hasNext(); ) {
            JsonNode object = each.next();
            if (object.path("kind").asText().equals(kind)
                    && object.path("metadata").path("name").asText().equals(name)) {
                if (change.path("$patch").asText().equals("delete")) {
                    each.remove();
                } else {
                    merge((ObjectNode) object, change);
                }
                return;
            }
        }
        throw new IllegalStateException("a patch targets " + kind + "/" + name + ", which no resource defines");
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value);
            } else if (value.isArray() && existing != null && existing.isArray() && MERGE_KEYS.containsKey(name)) {
                mergeList((ArrayNode) existing, value, MERGE_KEYS.get(name));
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeList(ArrayNode target, JsonNode patch, String key) {
        for (JsonNode item : patch) {
            ObjectNode match = null;
            for (JsonNode existing : target) {
                if (existing.path(key).equals(item.path(key))) {
                    match = (ObjectNode) existing;
                }
            }
            if (match == null) {
                target.add(item.deepCopy());
            } else {
                merge(match, item);
            }
        }
    }
}
