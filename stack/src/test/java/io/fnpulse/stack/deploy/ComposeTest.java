package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docker/compose.yml runs Redis and our three images, each wired as its code expects, in a form that Compose v2,
 * Compose v1 and podman-compose all read alike (docker/smoke-test.sh runs it with each).
 */
class ComposeTest {

    private static final Path COMPOSE = ProjectFiles.resolve("docker/compose.yml");
    private static final JsonNode RAW = Yamls.readOne(COMPOSE);
    /** The file as Compose uses it with none of its variables set (as written, if it cannot be: see the first test). */
    private static final JsonNode SERVICES = interpolated().path("services");
    /** The first word of each command of a health check that needs no program besides bash, the images' /bin/sh. */
    private static final Set<String> BASH_BUILTINS = Set.of("exec", "printf", "read", "[", "test", "echo", "true");

    @Test
    void everyDollarIsAVariableOrEscapedAsEveryComposeVersionWantsIt() {
        assertThatCode(() -> new ComposeInterpolation(Map.of()).apply(RAW)).doesNotThrowAnyException();
    }

    @Test
    void theProjectIsNamedFnpulseWithoutTheTopLevelNameComposeV1Refuses() {
        assertThat(RAW.has("name"))
                .as("a top-level name: (Compose v1: 'name' does not match any of the regexes)")
                .isFalse();
        assertThat(Yamls.read(COMPOSE.resolveSibling(".env")).lines())
                .as("docker/.env, read by Compose v1 and v2 from the Compose file's folder")
                .contains("COMPOSE_PROJECT_NAME=fnpulse");
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void eachOfOurServicesHasAHealthCheckOfItsOwnPortThatNeedsNothingItsImageLacks(FnpulseService service) {
        JsonNode test = service(service).path("healthcheck").path("test");
        assertThat(test.path(0).asText())
                .as("%s: CMD-SHELL, run by the image's /bin/sh (bash: docker/jre-rootfs.sh)", service)
                .isEqualTo("CMD-SHELL");
        assertThat(test.size()).isEqualTo(2);
        String script = test.path(1).asText();

        assertThat(script)
                .as("podman-compose 1.0.3 quotes the command in single quotes")
                .doesNotContain("'");
        assertThat(script.split("&&|\\|\\||;"))
                .allSatisfy(command -> assertThat(BASH_BUILTINS)
                        .as("%s: the program of `%s`, which the image must carry", service, command.strip())
                        .contains(command.strip().split("\\s+")[0]));
        Matcher port = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/\\$\\{HTTP_PORT:-\\$\\{PORT:-(\\d+)}}")
                .matcher(script);
        assertThat(port.find())
                .as("%s probes ${HTTP_PORT:-${PORT:-<default>}} over bash's /dev/tcp: %s", service, script)
                .isTrue();
        Map<String, String> env = env(service);
        int probed = Integer.parseInt(env.getOrDefault("HTTP_PORT", env.getOrDefault("PORT", port.group(1))));
        assertThat(probed).as("%s: the port its health check probes", service).isEqualTo(service.listeningPort(env));
        assertThat(script).contains("GET /healthz ");
    }

    @Test
    void redisIsFromTheImageTheDockerfilesTrainWithAndChecksItselfWithItsOwnClient() {
        String redisImage = Dockerfile.of(FnpulseService.RUNTIME).args().get("REDIS_IMAGE");

        assertThat(SERVICES.path("redis").path("image").asText()).isEqualTo(redisImage);
        assertThat(SERVICES.path("redis").path("healthcheck").path("test").toString())
                .contains("redis-cli ping");
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void eachOfOurServicesIsBuiltFromItsDockerfileAndTaggedAsOnKubernetes(FnpulseService service) {
        JsonNode compose = service(service);
        Path context = COMPOSE.getParent()
                .resolve(compose.path("build").path("context").asText())
                .normalize();

        assertThat(context).as("the build context is the repository root").isEqualTo(ProjectFiles.root());
        assertThat(compose.path("build").path("dockerfile").asText()).isEqualTo(service.dockerfile());
        assertThat(compose.path("image").asText()).isEqualTo(KubernetesImages.of(service));
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void eachOfOurServicesGetsOnlyVariablesItReadsAndAcceptsThem(FnpulseService service) {
        Map<String, String> env = env(service);

        assertThat(env.keySet()).allMatch(service::reads, "read by " + service);
        assertThat(service.listeningPort(env)).isPositive();
        RedisSettings redis = RedisSettings.fromEnv(new Env(env));
        assertThat(SERVICES.has(redis.host()))
                .as("REDIS_HOST %s is a compose service", redis.host())
                .isTrue();
        assertThat(redis.port()).as("the redis image listens on 6379").isEqualTo(6379);
    }

    @ParameterizedTest
    @EnumSource(FnpulseService.class)
    void readOnlyContainersWriteToATmpfsOnTmp(FnpulseService service) {
        JsonNode compose = service(service);

        assertThat(compose.path("read_only").asBoolean(false))
                .as("%s read_only", service)
                .isTrue();
        assertThat(compose.path("tmpfs").toString()).as("%s tmpfs", service).containsPattern("\"/tmp(:[^\"]*)?\"");
    }

    @Test
    void theRuntimeCompilesTheMetricsFunctionFromTheFolderMountedWhereFunctionPathPoints() {
        RuntimeConfig runtime = RuntimeConfig.fromEnv(new Env(env(FnpulseService.RUNTIME)));
        String functionPath = runtime.code().functionPath().toString();
        Optional<Path> onHost = hostPath(service(FnpulseService.RUNTIME), functionPath);

        assertThat(onHost)
                .as("FUNCTION_PATH %s lies on a bind mount", functionPath)
                .isPresent();
        assertThat(onHost.get())
                .hasSameBinaryContentAs(
                        ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java"));
        assertThat(runtime.code().workDir().toString())
                .as("CODE_CACHE_DIR under the tmpfs")
                .startsWith("/tmp/");
    }

    @Test
    void theDashboardIsPublishedOn53004AndChartsWhatTheRuntimeWrites() {
        DashboardConfig dashboard = DashboardConfig.fromEnv(new Env(env(FnpulseService.DASHBOARD)));
        RuntimeConfig runtime = RuntimeConfig.fromEnv(new Env(env(FnpulseService.RUNTIME)));

        assertThat(service(FnpulseService.DASHBOARD).path("ports").toString())
                .contains("\"53004:" + dashboard.port() + "\"");
        assertThat(dashboard.outputKey()).isEqualTo(runtime.outputKey().orElseThrow());
        assertThat(dashboard.statusKey()).isEqualTo(runtime.keys().single().status());
    }

    @Test
    void theMonitorAppendsToTheStreamTheRuntimeReadsAndRedisNotifiesThem() {
        MonitorConfig monitor = MonitorConfig.fromEnv(new Env(env(FnpulseService.MONITOR)));
        RuntimeConfig runtime = RuntimeConfig.fromEnv(new Env(env(FnpulseService.RUNTIME)));

        assertThat(monitor.metricsKey()).isEqualTo(runtime.keys().single().input());
        assertThat(runtime.trigger().name()).isEqualTo("STREAM");
        assertThat(monitor.metricsStream()).isPresent().isEqualTo(runtime.keys().single().stream());
        List<String> command = Yamls.JSON.convertValue(SERVICES.path("redis").path("command"), List.class);
        assertThat(command).containsSubsequence("--notify-keyspace-events", "K$t");
    }

    private static JsonNode interpolated() {
        try {
            return new ComposeInterpolation(Map.of()).apply(RAW);
        } catch (IllegalArgumentException e) {
            return RAW;
        }
    }

    private static JsonNode service(FnpulseService service) {
        JsonNode compose = SERVICES.path(service.module());
        assertThat(compose.isObject())
                .as("compose service %s", service.module())
                .isTrue();
        return compose;
    }

    /** The container's variables: the image's, then compose's environment over them. */
    private static Map<String, String> env(FnpulseService service) {
        Map<String, String> env = new LinkedHashMap<>(Dockerfile.imageEnv(service));
        service(service)
                .path("environment")
                .fields()
                .forEachRemaining(
                        entry -> env.put(entry.getKey(), entry.getValue().asText()));
        return withSecretFiles(service, env);
    }

    /**
     * A {@code *_FILE} variable names a file of a volume the service mounts (its generated Redis password, the
     * htpasswd file you make): checked to be mounted there, then turned into a file here holding what it would.
     */
    private static Map<String, String> withSecretFiles(FnpulseService service, Map<String, String> env) {
        Map<String, String> resolved = new LinkedHashMap<>(env);
        for (Map.Entry<String, String> variable : env.entrySet()) {
            if (!variable.getKey().endsWith("_FILE")) {
                continue;
            }
            boolean mounted = false;
            for (JsonNode volume : service(service).path("volumes")) {
                String[] parts = volume.asText().split(":");
                mounted |= parts.length >= 2 && (variable.getValue() + "/").startsWith(parts[1] + "/");
            }
            assertThat(mounted)
                    .as(
                            "%s: %s names %s, which no volume of the service mounts",
                            service, variable.getKey(), variable.getValue())
                    .isTrue();
            String content = variable.getKey().equals("DASHBOARD_USERS_FILE")
                    ? ContainerView.SECRET_PLACEHOLDERS.get("htpasswd")
                    : "generated-password";
            try {
                Path dir = Files.createDirectories(
                        Path.of(System.getProperty("java.io.tmpdir"), "fnpulse-compose-secrets", service.module()));
                resolved.put(
                        variable.getKey(),
                        Files.writeString(dir.resolve(variable.getKey()), content)
                                .toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return resolved;
    }

    /** The host file behind a container path, through the service's bind mounts ("host:container[:mode]"). */
    private static Optional<Path> hostPath(JsonNode service, String containerPath) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && (containerPath + "/").startsWith(parts[1] + "/")) {
                return Optional.of(COMPOSE.getParent()
                        .resolve(parts[0])
                        .resolve(containerPath.substring(parts[1].length() + 1))
                        .normalize());
            }
        }
        return Optional.empty();
    }
}
