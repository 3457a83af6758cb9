package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** One container of a Deployment's pod template, and what the kubelet would give it. */
record ContainerView(JsonNode deployment, JsonNode container) {

    /** The node a pod runs on, where the downward API's spec.nodeName is asked. */
    static final String NODE = "worker-1";

    static List<ContainerView> of(JsonNode deployment) {
        return StreamSupport.stream(
                        deployment
                                .path("spec")
                                .path("template")
                                .path("spec")
                                .path("containers")
                                .spliterator(),
                        false)
                .map(container -> new ContainerView(deployment, container))
                .toList();
    }

    String workload() {
        return deployment.path("metadata").path("name").asText();
    }

    JsonNode podSpec() {
        return deployment.path("spec").path("template").path("spec");
    }

    JsonNode podLabels() {
        return deployment.path("spec").path("template").path("metadata").path("labels");
    }

    String name() {
        return container.path("name").asText();
    }

    String image() {
        return container.path("image").asText();
    }

    Optional<FnpulseService> service() {
        return FnpulseService.ofImage(image());
    }

    @Override
    public String toString() {
        return workload() + "/" + name();
    }

    /**
     * The environment as the kubelet builds it: envFrom sources in order (a later one wins), then env (which wins
     * over envFrom). A ConfigMap or key that is missing and not optional fails, as the pod would fail to start.
     */
    Map<String, String> env(Manifests manifests) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : container.path("envFrom")) {
            String prefix = source.path("prefix").asText("");
            if (source.has("configMapRef")) {
                configMap(manifests, source.get("configMapRef"))
                        .ifPresent(configMap -> configMap
                                .path("data")
                                .fields()
                                .forEachRemaining(entry -> env.put(
                                        prefix + entry.getKey(),
                                        entry.getValue().asText())));
            } else if (source.has("secretRef")) {
                if (!source.get("secretRef").path("optional").asBoolean(false)) {
                    throw new AssertionError(this + ": envFrom a Secret that is not optional: "
                            + source.get("secretRef").path("name").asText() + " must exist before the pod can start");
                }
            } else {
                throw new AssertionError(this + ": unknown envFrom source " + source);
            }
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, variable.get("value").asText());
            } else if (variable.path("valueFrom").has("configMapKeyRef")) {
                JsonNode ref = variable.get("valueFrom").get("configMapKeyRef");
                boolean optional = ref.path("optional").asBoolean(false);
                Optional<JsonNode> value = configMap(manifests, ref)
                        .map(configMap ->
                                configMap.path("data").get(ref.path("key").asText()));
                if (value.isPresent() && value.get() != null) {
                    env.put(name, value.get().asText());
                } else if (!optional) {
                    throw new AssertionError(
                            this + ": " + name + " needs key " + ref.path("key").asText() + " of ConfigMap "
                                    + ref.path("name").asText() + ", which it does not hold");
                }
            } else if (variable.path("valueFrom").has("fieldRef")) {
                env.put(
                        name,
                        downwardApi(
                                variable.get("valueFrom")
                                        .get("fieldRef")
                                        .path("fieldPath")
                                        .asText(),
                                variable));
            } else {
                throw new AssertionError(
                        this + ": " + name + " comes from a source these tests cannot resolve: " + variable);
            }
        }
        return withSecretFiles(env);
    }

    /**
     * A variable naming a file of a mounted Secret (REDIS_PASSWORD_FILE, DASHBOARD_USERS_FILE) names a file that
     * exists when the Secret does: the volume must mount that Secret key at that path, and the value is turned into
     * a file here holding what the Secret would ({@link #SECRET_PLACEHOLDERS}), so the services' parsers, which read
     * the file, can run.
     */
    private Map<String, String> withSecretFiles(Map<String, String> env) {
        Map<String, String> resolved = new LinkedHashMap<>(env);
        for (JsonNode mount : container.path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            JsonNode volume = volume(mount.path("name").asText());
            if (!volume.has("secret")) {
                continue;
            }
            JsonNode secret = volume.get("secret");
            for (Map.Entry<String, String> variable : env.entrySet()) {
                if (!variable.getValue().startsWith(mountPath + "/")) {
                    continue;
                }
                String path = variable.getValue().substring(mountPath.length() + 1);
                String key = path;
                if (secret.has("items")) {
                    key = null;
                    for (JsonNode item : secret.get("items")) {
                        if (item.path("path").asText().equals(path)) {
                            key = item.path("key").asText();
                        }
                    }
                    if (key == null) {
                        throw new AssertionError(this + ": " + variable.getKey() + " names " + variable.getValue()
                                + ", which no item of Secret "
                                + secret.path("secretName").asText() + " mounts");
                    }
                }
                String content = SECRET_PLACEHOLDERS.get(key);
                if (content == null) {
                    throw new AssertionError(this + ": key " + key + " of Secret "
                            + secret.path("secretName").asText() + " has no placeholder in these tests");
                }
                try {
                    Path dir = Files.createDirectories(Path.of(
                            System.getProperty("java.io.tmpdir"),
                            "fnpulse-secret-mounts",
                            secret.path("secretName").asText()));
                    resolved.put(
                            variable.getKey(),
                            Files.writeString(dir.resolve(key), content).toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return resolved;
    }

    /** What each Secret key the manifests mount holds, as docs/deploy.md's commands create it. */
    static final Map<String, String> SECRET_PLACEHOLDERS = Map.of(
            "fnpulse-runtime", "runtime-password",
            "fnpulse-dashboard", "dashboard-password",
            "fnpulse-monitor", "monitor-password",
            "htpasswd", "ada:$2y$05$VWYUo3xTyJLZ/VzBW/jFtOzzmzUw9DnkHgHx6T3DDMtyEiGuwexEq\n",
            "token", "0123456789abcdef0123456789abcdef0123456789abcdef");

    private JsonNode volume(String name) {
        for (JsonNode volume : podSpec().path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError(this + " mounts volume " + name + ", which its pod does not have");
    }

    /** What the kubelet fills in from the downward API, for a pod of this workload on node {@link #NODE}. */
    private String downwardApi(String fieldPath, JsonNode variable) {
        return switch (fieldPath) {
            case "spec.nodeName" -> NODE;
            case "metadata.name" -> workload() + "-7d4b9c-x2k8p";
            case "metadata.namespace" -> "default";
            default -> throw new AssertionError(this + ": a downward API field these tests do not know: " + variable);
        };
    }

    private Optional<JsonNode> configMap(Manifests manifests, JsonNode ref) {
        String name = ref.path("name").asText();
        Optional<JsonNode> configMap = manifests.find("ConfigMap", name);
        if (configMap.isEmpty() && !ref.path("optional").asBoolean(false)) {
            throw new AssertionError(this + " needs ConfigMap " + name + ", which the manifests do not create");
        }
        return configMap;
    }

    /** The value after a flag on the container's command line (command, then args), e.g. redis-server's options. */
    Optional<String> argument(String flag) {
        List<String> words = new ArrayList<>();
        container.path("command").forEach(word -> words.add(word.asText()));
        container.path("args").forEach(word -> words.add(word.asText()));
        int at = words.indexOf(flag);
        return at < 0 || at + 1 >= words.size() ? Optional.empty() : Optional.of(words.get(at + 1));
    }

    /** Every ConfigMap this container uses: through envFrom, env and the volumes it mounts. */
    List<ConfigMapRef> configMapReferences() {
        List<ConfigMapRef> refs = new ArrayList<>();
        for (JsonNode source : container.path("envFrom")) {
            if (source.has("configMapRef")) {
                refs.add(ConfigMapRef.of(source.get("configMapRef"), Optional.empty(), "envFrom"));
            }
        }
        for (JsonNode variable : container.path("env")) {
            JsonNode ref = variable.path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode()) {
                refs.add(ConfigMapRef.of(
                        ref,
                        Optional.of(ref.path("key").asText()),
                        "env " + variable.path("name").asText()));
            }
        }
        for (Mount mount : mounts()) {
            JsonNode source = mount.volume().path("configMap");
            if (!source.isMissingNode()) {
                refs.add(ConfigMapRef.of(source, Optional.empty(), "volume mounted at " + mount.path()));
                for (JsonNode item : source.path("items")) {
                    refs.add(ConfigMapRef.of(
                            source, Optional.of(item.path("key").asText()), "item of the volume at " + mount.path()));
                }
            }
        }
        return refs;
    }

    record ConfigMapRef(String name, Optional<String> key, boolean optional, String where) {

        static ConfigMapRef of(JsonNode ref, Optional<String> key, String where) {
            return new ConfigMapRef(
                    ref.path("name").asText(), key, ref.path("optional").asBoolean(false), where);
        }
    }

    List<Mount> mounts() {
        List<Mount> mounts = new ArrayList<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            String volumeName = mount.path("name").asText();
            JsonNode volume = volumes().get(volumeName);
            if (volume == null) {
                throw new AssertionError(this + " mounts volume " + volumeName + ", which the pod does not define");
            }
            mounts.add(new Mount(
                    mount.path("mountPath").asText(),
                    volume,
                    mount.path("subPath").asText(""),
                    mount.path("readOnly").asBoolean(false)));
        }
        return mounts;
    }

    /** The mount holding a container path, the deepest one where mounts nest. */
    Optional<Mount> mountHolding(String path) {
        return mounts().stream()
                .filter(mount -> path.equals(mount.path()) || path.startsWith(mount.path() + "/"))
                .max((a, b) -> Integer.compare(a.path().length(), b.path().length()));
    }

    private Map<String, JsonNode> volumes() {
        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        for (JsonNode volume : podSpec().path("volumes")) {
            volumes.put(volume.path("name").asText(), volume);
        }
        return volumes;
    }

    /** A container port by number or by name, as probes and Services refer to it. */
    Optional<Integer> containerPort(JsonNode port) {
        for (JsonNode declared : container.path("ports")) {
            if (port.isInt()
                    ? declared.path("containerPort").asInt() == port.asInt()
                    : declared.path("name").asText().equals(port.asText())) {
                return Optional.of(declared.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    /** One volumeMount with the volume it mounts. */
    record Mount(String path, JsonNode volume, String subPath, boolean readOnly) {

        String volumeName() {
            return volume.path("name").asText();
        }

        boolean isConfigMap(String name) {
            return volume.path("configMap").path("name").asText().equals(name);
        }

        boolean isEmptyDir() {
            return volume.has("emptyDir");
        }
    }
}
