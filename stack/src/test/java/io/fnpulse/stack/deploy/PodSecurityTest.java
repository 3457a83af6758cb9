package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every pod runs as a non-root user on a read-only root file system, with requests and limits; what must be
 * written goes to an emptyDir.
 */
class PodSecurityTest {

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutPrivileges(Kustomization kustomization) {
        assertThat(kustomization.manifests().containers()).allSatisfy(container -> {
            JsonNode pod = container.podSpec().path("securityContext");
            JsonNode own = container.container().path("securityContext");
            assertThat(setting(pod, own, "runAsNonRoot").asBoolean(false))
                    .as("%s runAsNonRoot", container)
                    .isTrue();
            assertThat(setting(pod, own, "runAsUser").asInt(0))
                    .as("%s runAsUser", container)
                    .isPositive();
            assertThat(own.path("readOnlyRootFilesystem").asBoolean(false))
                    .as("%s readOnlyRootFilesystem", container)
                    .isTrue();
            assertThat(own.path("allowPrivilegeEscalation").asBoolean(true))
                    .as("%s allowPrivilegeEscalation", container)
                    .isFalse();
            assertThat(own.path("capabilities").path("drop").toString())
                    .as("%s drops capabilities", container)
                    .contains("\"ALL\"");
        });
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void everyContainerRequestsAndIsLimitedInCpuAndMemory(Kustomization kustomization) {
        assertThat(kustomization.manifests().containers()).allSatisfy(container -> {
            JsonNode resources = container.container().path("resources");
            for (String bound : new String[] {"requests", "limits"}) {
                for (String resource : new String[] {"cpu", "memory"}) {
                    assertThat(resources.path(bound).has(resource))
                            .as("%s %s.%s", container, bound, resource)
                            .isTrue();
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void ourJavaServicesHaveAWritableTmpOnAnEmptyDir(Kustomization kustomization) {
        for (ContainerView container : kustomization.manifests().fnpulseContainers()) {
            assertThat(container.mountHolding("/tmp/x"))
                    .as("%s: java.io.tmpdir is /tmp, read-only unless a volume is mounted there", container)
                    .hasValueSatisfying(mount -> {
                        assertThat(mount.isEmptyDir()).isTrue();
                        assertThat(mount.readOnly()).isFalse();
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void theRuntimesCodeCacheIsOnAWritableEmptyDir(Kustomization kustomization) {
        Manifests manifests = kustomization.manifests();
        ContainerView runtime = manifests.container(FnpulseService.RUNTIME);
        String cache = RuntimeConfig.fromEnv(new Env(runtime.env(manifests)))
                .code()
                .workDir()
                .toString();

        assertThat(runtime.mountHolding(cache))
                .as("CODE_CACHE_DIR %s lies on a volume", cache)
                .hasValueSatisfying(mount -> {
                    assertThat(mount.isEmptyDir())
                            .as("the volume at %s is an emptyDir", mount.path())
                            .isTrue();
                    assertThat(mount.readOnly()).isFalse();
                });
    }

    @ParameterizedTest
    @EnumSource(Kustomization.class)
    void podsRunAsTheUserOurImagesCreate(Kustomization kustomization) {
        for (ContainerView container : kustomization.manifests().fnpulseContainers()) {
            String imageUser = Dockerfile.of(container.service().orElseThrow())
                    .finalStage()
                    .last("USER")
                    .orElseThrow()
                    .arguments()
                    .split(":")[0];
            int podUser = setting(
                            container.podSpec().path("securityContext"),
                            container.container().path("securityContext"),
                            "runAsUser")
                    .asInt();
            assertThat(podUser)
                    .as("%s runAsUser, the user its image creates", container)
                    .isEqualTo(Integer.parseInt(imageUser));
        }
    }

    /** A container's own securityContext setting wins over the pod's. */
    private static JsonNode setting(JsonNode pod, JsonNode container, String name) {
        return container.has(name) ? container.get(name) : pod.path(name);
    }
}
