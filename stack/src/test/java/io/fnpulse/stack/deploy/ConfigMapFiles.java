package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A ConfigMap volume laid out as the kubelet does it — {@code key -> ..data/key}, {@code ..data -> ..<timestamp>/} —
 * for any number of keys, text and binary; an update writes a new timestamped folder, swaps {@code ..data} with an
 * atomic rename and deletes the old folder. (test-support's ConfigMapVolume does the same for one text key.)
 */
final class ConfigMapFiles {

    private final Path mount;
    private int generation;
    private Path current;

    ConfigMapFiles(Path mount) {
        this.mount = mount;
    }

    /** The files a ConfigMap volume shows: every key of data and binaryData, or only the listed items. */
    static Map<String, byte[]> of(JsonNode configMap, JsonNode items) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        configMap.path("data").fields().forEachRemaining(entry ->
                keys.put(entry.getKey(), entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
        configMap.path("binaryData").fields().forEachRemaining(entry ->
                keys.put(entry.getKey(), Base64.getMimeDecoder().decode(entry.getValue().asText())));
        if (items == null || items.isMissingNode() || items.isEmpty()) {
            return keys;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (JsonNode item : items) {
            byte[] content = keys.get(item.path("key").asText());
            if (content == null) {
                throw new AssertionError("ConfigMap " + configMap.path("metadata").path("name").asText()
                        + " has no key " + item.path("key").asText() + " for the volume's items");
            }
            files.put(item.path("path").asText(), content);
        }
        return files;
    }

    void publish(Map<String, byte[]> files) {
        try {
            Files.createDirectories(mount);
            generation++;
            Path folder = mount.resolve("..2026_11_28_10_00_0" + generation + ".000000" + generation);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
            Files.createDirectories(folder);
            Path link = mount.resolve("..data_tmp");
            Files.createSymbolicLink(link, folder.getFileName());
            Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            for (String key : files.keySet()) {
                Path top = mount.resolve(Path.of(key).getName(0).toString());
                if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(top, Path.of("..data").resolve(top.getFileName()));
                }
            }
            if (current != null) {
                deleteTree(current);
            }
            current = folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
