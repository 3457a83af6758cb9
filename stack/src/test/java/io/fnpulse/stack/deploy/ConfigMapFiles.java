package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The files a rendered ConfigMap shows in a volume, to lay out with test-support's ConfigMapVolume. */
final class ConfigMapFiles {

    private ConfigMapFiles() {}

    /** The files a ConfigMap volume shows: every key of data and binaryData, or only the listed items. */
    static Map<String, byte[]> of(JsonNode configMap, JsonNode items) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        configMap
                .path("data")
                .fields()
                .forEachRemaining(entry ->
                        keys.put(entry.getKey(), entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        configMap
                .path("binaryData")
                .fields()
                .forEachRemaining(entry -> keys.put(
                        entry.getKey(),
                        Base64.getMimeDecoder().decode(entry.getValue().asText())));
        if (items == null || items.isMissingNode() || items.isEmpty()) {
            return keys;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (JsonNode item : items) {
            byte[] content = keys.get(item.path("key").asText());
            if (content == null) {
                throw new AssertionError(
                        "ConfigMap " + configMap.path("metadata").path("name").asText() + " has no key "
                                + item.path("key").asText() + " for the volume's items");
            }
            files.put(item.path("path").asText(), content);
        }
        return files;
    }
}
