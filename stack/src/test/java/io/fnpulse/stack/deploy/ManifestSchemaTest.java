package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object that k8s/ and each of its overlays render to is a valid Kubernetes object (KubernetesSchema): what
 * {@code kubectl apply -k} would send is what the API server accepts, with no field misspelt or misplaced. The
 * overlays are found on disk: one added under k8s/overlays is checked without a change here.
 */
class ManifestSchemaTest {

    /** k8s/ and every folder under k8s/overlays holding a kustomization.yaml, relative to the repository root. */
    static Stream<String> kustomizations() {
        List<String> found = new ArrayList<>(List.of("k8s"));
        Path overlays = ProjectFiles.resolve("k8s/overlays");
        try (Stream<Path> dirs = Files.list(overlays)) {
            dirs.filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml")))
                    .map(dir -> "k8s/overlays/" + dir.getFileName())
                    .sorted()
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found.stream();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyRenderedObjectIsValidAgainstTheKubernetesSchema(String kustomization) {
        List<JsonNode> objects =
                Manifests.render(ProjectFiles.resolve(kustomization)).objects();
        List<String> violations = objects.stream()
                .flatMap(object -> KubernetesSchema.violations(object).stream())
                .toList();

        assertThat(objects).as("objects %s renders", kustomization).isNotEmpty();
        assertThat(violations)
                .as("%s renders objects the API server would refuse", kustomization)
                .isEmpty();
    }

    @Test
    void theOverlaysOnDiskAreTheOnesChecked() {
        assertThat(kustomizations()).contains("k8s", "k8s/overlays/standalone");
    }
}
