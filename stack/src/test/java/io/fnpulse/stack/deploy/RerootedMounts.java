package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.code.ConfigMapVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A container's volumes laid out under a temporary folder, each at its mountPath re-rooted there: ConfigMaps as
 * the kubelet lays them out, emptyDirs as empty folders. Paths the container would see map to paths here.
 */
final class RerootedMounts {

    private final Path root;
    private final ContainerView container;
    private final Map<String, ConfigMapVolume> configMaps = new LinkedHashMap<>();

    private RerootedMounts(Path root, ContainerView container) {
        this.root = root;
        this.container = container;
    }

    static RerootedMounts layOut(ContainerView container, Manifests manifests, Path root) {
        RerootedMounts mounts = new RerootedMounts(root, container);
        for (ContainerView.Mount mount : container.mounts()) {
            mounts.layOut(mount, manifests);
        }
        return mounts;
    }

    private void layOut(ContainerView.Mount mount, Manifests manifests) {
        if (!mount.subPath().isEmpty()) {
            throw new AssertionError(container + " mounts " + mount.path() + " with subPath " + mount.subPath()
                    + ": such a mount never sees a ConfigMap update, so it cannot hot-reload");
        }
        Path here = hostPath(mount.path());
        try {
            if (mount.isEmptyDir() || mount.volume().has("secret")) {
                // a Secret's files: what the kubelet would put there is a password, resolved by ContainerView.env
                Files.createDirectories(here);
            } else if (mount.volume().has("configMap")) {
                JsonNode source = mount.volume().get("configMap");
                String name = source.path("name").asText();
                Optional<JsonNode> configMap = manifests.find("ConfigMap", name);
                if (configMap.isEmpty() && !source.path("optional").asBoolean(false)) {
                    throw new AssertionError(
                            container + " mounts ConfigMap " + name + ", which the manifests do not create");
                }
                ConfigMapVolume volume = new ConfigMapVolume(here);
                volume.publish(configMap
                        .map(c -> ConfigMapFiles.of(c, source.get("items")))
                        .orElse(Map.of()));
                configMaps.put(mount.volumeName(), volume);
            } else {
                throw new AssertionError(
                        container + " mounts a kind of volume these tests cannot lay out: " + mount.volume());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where a path the container sees lies here; it must be on one of its volumes, since there is no image here. */
    Path hostPath(String containerPath) {
        if (!containerPath.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + containerPath);
        }
        return root.resolve(containerPath.substring(1));
    }

    boolean isMounted(String containerPath) {
        return container.mountHolding(containerPath).isPresent();
    }

    /** A ConfigMap edit reaching the pod: the kubelet swaps the volume's ..data link to the new content. */
    void update(String volumeName, Map<String, byte[]> files) {
        ConfigMapVolume volume = configMaps.get(volumeName);
        if (volume == null) {
            throw new IllegalArgumentException(container + " has no ConfigMap volume " + volumeName);
        }
        volume.publish(files);
    }
}
