package io.fnpulse.function.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorded stream through the real runtime jar, one snapshot at a time: once with the function compiled from
 * its single source file (as a ConfigMap ships it), once from its jar. Every output matches the expected output,
 * and the two runs agree exactly.
 */
@ExtendWith(RedisExtension.class)
class RecordedStreamThroughRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theSourceFileAndTheJarGiveTheExpectedOutputForEverySnapshot(TestRedis redis) throws Exception {
        Path source = Files.copy(
                ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java"),
                dir.resolve("usermodule.java"));
        List<String> fromSource = run(redis, "from-source", Map.of("FUNCTION_PATH", source.toString()));
        List<String> fromJar = run(
                redis,
                "from-jar",
                Map.of(
                        "FUNCTION_PATH",
                        ProjectFiles.jar("function", "fnpulse-function.jar").toString(),
                        "FUNCTION_HANDLER",
                        "io.fnpulse.function.MetricsFunction::handle"));

        assertThat(fromJar).as("the jar and the source give identical outputs").isEqualTo(fromSource);
    }

    private List<String> run(TestRedis redis, String name, Map<String, String> code) throws Exception {
        List<String> snapshots = ProjectFiles.metricsStream();
        List<String> expected = ProjectFiles.expectedOutput();
        String input = name + "-metrics";
        String output = name + "-output";
        redis.client().configSet("notify-keyspace-events", "K$");
        List<String> outputs = new ArrayList<>();
        try (ServiceProcess runtime = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name(name)
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_INPUT_KEY", input)
                .env("REDIS_OUTPUT_KEY", output)
                .env("TRIGGER", "notify")
                .env("POLL_INTERVAL_SECONDS", "0.5")
                .env("HTTP_PORT", "0")
                .env("CODE_CACHE_DIR", dir.resolve(name + "-cache").toString())
                .env(code)
                .start()) {
            runtime.awaitLine("loaded io.fnpulse.function.MetricsFunction::handle", WAIT);
            for (int i = 0; i < snapshots.size(); i++) {
                String digest = "sha256:" + sha256(snapshots.get(i));
                redis.client().set(input, snapshots.get(i));
                await().atMost(WAIT)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> {
                            String state = redis.client().get(output + ":env");
                            return state != null
                                    && JSON.readTree(state)
                                            .path("inputDigest")
                                            .asText()
                                            .equals(digest);
                        });
                String actual = redis.client().get(output);
                JsonNumbers.assertClose(expected.get(i), actual, 1e-9, name + " snapshot " + (i + 1));
                outputs.add(actual);
            }
            assertThat(runtime.terminate(WAIT)).isZero();
        }
        return outputs;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
