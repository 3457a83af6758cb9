package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ConfigMap `function` carries the metrics function's source, and the runtime reads it from where it is mounted. */
class FunctionConfigMapTest {

    private static final Path SOURCE =
            ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java");

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theFunctionConfigMapHoldsTheMetricsFunctionsSourceByteForByte(Kustomization kustomization) throws Exception {
        assertThat(ProjectFiles.resolve("k8s/base/function.java"))
                .as(
                        "k8s/base/function.java is written from %s by the function module's build: build it, and commit the two",
                        SOURCE)
                .hasSameBinaryContentAs(SOURCE);
        JsonNode function = kustomization.manifests().get("ConfigMap", "function");
        assertThat(function.path("data").fieldNames()).toIterable().containsExactly("function.java");
        assertThat(function.path("data").path("function.java").asText()).isEqualTo(Files.readString(SOURCE));
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void functionPathIsTheFunctionKeyInAFolderMountSoEditsReachTheRuntime(Kustomization kustomization) {
        ContainerView runtime = kustomization.manifests().container(FnpulseService.RUNTIME);
        String functionPath = RuntimeConfig.fromEnv(new Env(runtime.env(kustomization.manifests())))
                .code()
                .functionPath()
                .toString();

        ContainerView.Mount mount = runtime.mountHolding(functionPath)
                .orElseThrow(
                        () -> new AssertionError("FUNCTION_PATH " + functionPath + " is on no volume of " + runtime));
        assertThat(mount.isConfigMap("function"))
                .as("%s is mounted from ConfigMap function", mount.path())
                .isTrue();
        assertThat(mount.subPath())
                .as("a subPath mount never sees a ConfigMap update")
                .isEmpty();
        assertThat(functionPath).isEqualTo(mount.path() + "/function.java");
    }
}
