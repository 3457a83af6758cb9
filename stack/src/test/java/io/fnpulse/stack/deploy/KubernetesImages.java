package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

/** The image each of our services runs on Kubernetes: one name across every kustomization. */
final class KubernetesImages {

    private KubernetesImages() {}

    static String of(FnpulseService service) {
        List<String> images = Stream.of(Kustomization.values())
                .flatMap(kustomization -> kustomization.manifests().containers().stream())
                .filter(container -> container.service().equals(java.util.Optional.of(service)))
                .map(ContainerView::image)
                .distinct()
                .toList();
        assertThat(images).as("the images %s runs under on Kubernetes", service).hasSize(1);
        return images.get(0);
    }
}
