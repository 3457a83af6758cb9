package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The build (online: cyclonedx-maven-plugin's makeBom requires it; CI's is) leaves a CycloneDX SBOM beside each service jar (target/fnpulse-&lt;service&gt;.cdx.json), naming the jar
 * and the libraries it bundles, with versions, package URLs and hashes; the images carry it (docker/image-sbom.sh).
 */
class SbomIT {

    /** A library each service's jar is known to bundle. */
    private static final Map<FnpulseService, String> BUNDLED = Map.of(
            FnpulseService.RUNTIME, "jedis",
            FnpulseService.MONITOR, "oshi-core",
            FnpulseService.DASHBOARD, "javalin");

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void eachServiceJarHasAnSbomOfWhatItBundles(FnpulseService service) throws Exception {
        Path file = ProjectFiles.resolve(service.module() + "/target/fnpulse-" + service.module() + ".cdx.json");
        assumeTrue(
                Files.isRegularFile(file),
                () -> "SBOM test skipped: no " + file + "; cyclonedx-maven-plugin makes it in an online build only"
                        + " (its makeBom requires online mode): ./mvnw -B package without -o");
        JsonNode sbom = Yamls.JSON.readTree(Files.readString(file));

        assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(sbom.path("metadata").path("component").path("name").asText())
                .isEqualTo("fnpulse-" + service.module());
        List<String> names = new ArrayList<>();
        for (JsonNode component : sbom.path("components")) {
            names.add(component.path("name").asText());
            assertThat(component.path("purl").asText()).startsWith("pkg:maven/");
            assertThat(component.path("version").asText()).isNotEmpty();
            assertThat(component.path("hashes")).isNotEmpty();
        }
        assertThat(names).contains("fnpulse-service", BUNDLED.get(service)).doesNotContain("junit-jupiter-api");
    }
}
