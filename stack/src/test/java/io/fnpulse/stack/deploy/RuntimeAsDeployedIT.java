package io.fnpulse.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * The real runtime jar with exactly the environment and files the standalone overlay gives its container (the
 * base's, plus TRIGGER=stream on the monitor's stream), against a Redis configured as the overlay's: the recorded stream comes out right,
 * the probes answer, a ConfigMap edit reloads the function without a restart, SIGTERM stops it cleanly, and a zip
 * added to runtime-improved runs.
 */
@ExtendWith(RedisExtension.class)
class RuntimeAsDeployedIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RELOADED = """
            package io.fnpulse.function;

            import java.util.Map;
import java.util.TreeMap;

            public class MetricsFunction {
                public Map<String, Object> handle(Map<String, Object> input) {
                    return Map.of("reloaded", input.get("timestamp"));
                }
            }
            """;

    private final Manifests overlay = Kustomization.STANDALONE.manifests();

    @TempDir
    Path root;

    @BeforeEach
    void redisAsTheOverlayRunsIt(TestRedis redis) {
        redis.client().flushAll();
        ContainerView overlaysRedis = overlay.redisFor(overlay.container(FnpulseService.RUNTIME));
        redis.client()
                .configSet(
                        "notify-keyspace-events",
                        overlaysRedis.argument("--notify-keyspace-events").orElseThrow());
    }

    @Test
    void theRecordedStreamComesOutRightAndAConfigMapEditReloadsTheFunctionWithoutARestart(TestRedis redis)
            throws Exception {
        assertThat(withoutTrigger(overlay))
                .as("the overlay's runtime is the base's, plus TRIGGER and REDIS_INPUT_STREAM and its Redis user")
                .isEqualTo(withoutTrigger(Kustomization.EXISTING_REDIS.manifests()));

        try (DeployedRuntime runtime = DeployedRuntime.start(overlay, redis, root)) {
            ContainerView container = overlay.container(FnpulseService.RUNTIME);
            assertThat(runtime.get(container
                            .container()
                            .path("livenessProbe")
                            .path("httpGet")
                            .path("path")
                            .asText()))
                    .isEqualTo(200);
            String readiness = container
                    .container()
                    .path("readinessProbe")
                    .path("httpGet")
                    .path("path")
                    .asText();
            await().atMost(WAIT).until(() -> runtime.get(readiness) == 200);

            List<String> snapshots = ProjectFiles.metricsStream();
            List<String> expected = ProjectFiles.expectedOutput();
            for (int i = 0; i < snapshots.size(); i++) {
                String output = send(redis, runtime, snapshots.get(i));
                JsonNumbers.assertClose(expected.get(i), output, 1e-9, "snapshot " + (i + 1));
            }

            long pid = runtime.process().pid();
            runtime.mounts().update("function", Map.of("function.java", RELOADED.getBytes(StandardCharsets.UTF_8)));
            String output = send(redis, runtime, "{\"timestamp\": \"after the edit\"}");
            assertThat(Yamls.JSON.readTree(output).path("reloaded").asText()).isEqualTo("after the edit");
            assertThat(runtime.process().pid()).isEqualTo(pid);
            assertThat(runtime.process().terminate(WAIT))
                    .as("exit code on SIGTERM, as Kubernetes stops a pod")
                    .isZero();
        }
    }

    @Test
    void aFunctionZipAddedToRuntimeImprovedAsBinaryDataRuns(TestRedis redis) throws Exception {
        byte[] zip = new TestCode.Archive()
                .add(
                        "src/io/fnpulse/function/MetricsFunction.java",
                        Files.readString(ProjectFiles.resolve("k8s/base/function.java")))
                .bytes();
        // What docs/deploy.md tells a user to run: the zip as binaryData, FUNCTION_ZIP pointing at its mount.
        Manifests withZip = overlay.with("ConfigMap", "runtime-improved", configMap -> {
            configMap.with("binaryData").put("function.zip", Base64.getEncoder().encodeToString(zip));
            configMap.with("data").put("FUNCTION_ZIP", "/opt/runtime-improved/function.zip");
        });

        try (DeployedRuntime runtime = DeployedRuntime.start(withZip, redis, root)) {
            runtime.process()
                    .awaitLine(
                            "loaded io\\.fnpulse\\.function\\.MetricsFunction::handle from .*/opt/runtime-improved/function\\.zip",
                            WAIT);
            List<String> snapshots = ProjectFiles.metricsStream();
            List<String> expected = ProjectFiles.expectedOutput();
            for (int i = 0; i < 3; i++) {
                JsonNumbers.assertClose(
                        expected.get(i), send(redis, runtime, snapshots.get(i)), 1e-9, "snapshot " + (i + 1));
            }
        }
    }

    /**
     * Publishes as the overlay's monitor does (SET of the input key, and XADD to the stream the runtime reads with
     * TRIGGER=stream) and waits until the runtime has saved the state of that very input; returns the output.
     */
    private static String send(TestRedis redis, DeployedRuntime runtime, String input) throws Exception {
        RuntimeConfig config = RuntimeConfig.fromEnv(new Env(runtime.env()));
        String inputKey = config.keys().single().input();
        String stateKey = config.keys().single().state().orElseThrow();
        String digest = "sha256:"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        redis.client().set(inputKey, input);
        config.keys().single().stream()
                .ifPresent(stream -> redis.client().xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("data", input)));
        await().atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    String state = redis.client().get(stateKey);
                    return state != null
                            && Yamls.JSON
                                    .readTree(state)
                                    .path("inputDigest")
                                    .asText()
                                    .equals(digest);
                });
        return redis.client().get(config.outputKey().orElseThrow());
    }

    private static JsonNode withoutTrigger(Manifests manifests) {
        Map<String, String> env =
                new TreeMap<>(manifests.container(FnpulseService.RUNTIME).env(manifests));
        env.remove("TRIGGER");
        env.remove("REDIS_INPUT_STREAM");
        env.remove("REDIS_USERNAME");
        env.remove("REDIS_PASSWORD_FILE");
        com.fasterxml.jackson.databind.node.ObjectNode container =
                manifests.container(FnpulseService.RUNTIME).container().deepCopy();
        removeWhere(
                container.path("env"),
                entry -> java.util.Set.of("REDIS_USERNAME", "REDIS_PASSWORD_FILE")
                        .contains(entry.path("name").asText()));
        removeWhere(
                container.path("volumeMounts"),
                mount -> mount.path("name").asText().equals("redis-password"));
        return Yamls.JSON.valueToTree(Map.of("env", env, "container", container));
    }

    private static void removeWhere(JsonNode array, java.util.function.Predicate<JsonNode> remove) {
        java.util.Iterator<JsonNode> items = array.iterator();
        while (items.hasNext()) {
            if (remove.test(items.next())) {
                items.remove();
            }
        }
    }
}
