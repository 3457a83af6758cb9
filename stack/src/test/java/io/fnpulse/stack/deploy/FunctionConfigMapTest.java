package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The function's ConfigMap (`function` for the Java function, the course's `pyfile` for the Python one) carries the
 * metrics function's source as its single key, and the runtime reads it from where it is mounted.
 */
class FunctionConfigMapTest {

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theFunctionConfigMapHoldsTheMetricsFunctionsSourceByteForByte(Kustomization kustomization) throws Exception {
        Kustomization.ShippedFunction shipped = kustomization.function();
        Path source = ProjectFiles.resolve(shipped.source);
        assertThat(ProjectFiles.resolve(shipped.copy))
                .as(
                        "%s is a copy of %s (kustomize reads no file outside its folder): copy it, and commit the two",
                        shipped.copy, shipped.source)
                .hasSameBinaryContentAs(source);
        JsonNode function = kustomization.manifests().get("ConfigMap", shipped.configMap);
        assertThat(function.path("data").fieldNames()).toIterable().containsExactly(shipped.key);
        assertThat(function.path("data").path(shipped.key).asText()).isEqualTo(Files.readString(source));
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void functionPathIsTheFunctionKeyInAFolderMountSoEditsReachTheRuntime(Kustomization kustomization) {
        Kustomization.ShippedFunction shipped = kustomization.function();
        assumeTrue(
                shipped != Kustomization.ShippedFunction.PYTHON || Files.isExecutable(Path.of("/usr/bin/python3")),
                "python3 is not installed at /usr/bin/python3, which PYTHON names: skipped");
        ContainerView runtime = kustomization.manifests().container(FnpulseService.RUNTIME);
        String functionPath = RuntimeConfig.fromEnv(new Env(runtime.env(kustomization.manifests())))
                .code()
                .functionPath()
                .toString();

        ContainerView.Mount mount = runtime.mountHolding(functionPath)
                .orElseThrow(
                        () -> new AssertionError("FUNCTION_PATH " + functionPath + " is on no volume of " + runtime));
        assertThat(mount.isConfigMap(shipped.configMap))
                .as("%s is mounted from ConfigMap %s", mount.path(), shipped.configMap)
                .isTrue();
        assertThat(mount.subPath())
                .as("a subPath mount never sees a ConfigMap update")
                .isEmpty();
        assertThat(functionPath).isEqualTo(mount.path() + "/" + fileOf(mount, shipped.key));
    }

    /** The file name a ConfigMap volume gives a key: the path its items name for it, else the key itself. */
    private static String fileOf(ContainerView.Mount mount, String key) {
        for (JsonNode item : mount.volume().path("configMap").path("items")) {
            if (item.path("key").asText().equals(key)) {
                return item.path("path").asText();
            }
        }
        return key;
    }
}
