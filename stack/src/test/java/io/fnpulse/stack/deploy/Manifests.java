package io.fnpulse.stack.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Kubernetes objects a kustomization renders to: what {@code kubectl apply -k} would send to the cluster.
 * Rendered by {@code kubectl kustomize} where kubectl is installed, else by {@link KustomizeFallback}.
 */
final class Manifests {

    private final List<JsonNode> objects;

    Manifests(List<JsonNode> objects) {
        this.objects = List.copyOf(objects);
    }

    static Manifests render(Path kustomization) {
        return kubectl()
                .map(kubectl -> renderWithKubectl(kubectl, kustomization))
                .orElseGet(() -> new Manifests(KustomizeFallback.build(kustomization)));
    }

    static Manifests renderWithoutKubectl(Path kustomization) {
        return new Manifests(KustomizeFallback.build(kustomization));
    }

    static Optional<Path> kubectl() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static Manifests renderWithKubectl(Path kubectl, Path kustomization) {
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
                    .directory(ProjectFiles.root().toFile())
                    .redirectErrorStream(false)
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed: " + err);
            }
            return new Manifests(Yamls.parseAll(new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<JsonNode> objects() {
        return objects;
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream()
                .filter(object -> object.path("kind").asText().equals(kind))
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(object -> object.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    /** Every container of every workload's pod template. */
    /** The containers of every Deployment and DaemonSet. */
    List<ContainerView> containers() {
        return java.util.stream.Stream.concat(ofKind("Deployment").stream(), ofKind("DaemonSet").stream())
                .flatMap(deployment -> ContainerView.of(deployment).stream())
                .toList();
    }

    /** The one container running the given image repository, e.g. {@code ghcr.io/fnpulse/runtime}. */
    ContainerView container(FnpulseService service) {
        List<ContainerView> matching = containers().stream()
                .filter(c -> c.service().equals(Optional.of(service)))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError(
                    "expected one " + service + " container, found " + matching.size() + " in " + names());
        }
        return matching.get(0);
    }

    /** The containers running one of our images. */
    List<ContainerView> fnpulseContainers() {
        List<ContainerView> containers =
                containers().stream().filter(c -> c.service().isPresent()).toList();
        if (containers.isEmpty()) {
            throw new AssertionError("no container runs one of our images in " + names());
        }
        return containers;
    }

    /** The containers of the pods a Service selects. */
    List<ContainerView> selectedBy(JsonNode service) {
        JsonNode selector = service.path("spec").path("selector");
        return containers().stream()
                .filter(container -> matches(selector, container.podLabels()))
                .toList();
    }

    /** The one Redis container behind the Service a container's REDIS_HOST names. */
    ContainerView redisFor(ContainerView client) {
        String host = RedisSettings.fromEnv(new Env(client.env(this))).host();
        List<ContainerView> redis = selectedBy(get("Service", host));
        if (redis.size() != 1) {
            throw new AssertionError("expected one container behind Service " + host + ", found " + redis);
        }
        return redis.get(0);
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            if (!labels.path(label.getKey())
                    .asText("\0")
                    .equals(label.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    List<String> names() {
        return objects.stream()
                .map(object -> object.path("kind").asText() + "/"
                        + object.path("metadata").path("name").asText())
                .toList();
    }

    /** A copy with one object changed, e.g. a ConfigMap given more keys, as {@code kubectl edit} would. */
    Manifests with(String kind, String name, Consumer<ObjectNode> change) {
        return new Manifests(objects.stream()
                .map(object -> {
                    if (!object.path("kind").asText().equals(kind)
                            || !object.path("metadata").path("name").asText().equals(name)) {
                        return object;
                    }
                    ObjectNode copy = object.deepCopy();
                    change.accept(copy);
                    return (JsonNode) copy;
                })
                .toList());
    }
}
