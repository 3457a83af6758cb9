package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.text.Digest;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python metrics function (function/src/main/python/metrics_function.py, keeping {@code (value, datetime)}
 * tuples in {@code context.env} as the seed's function did) through the real runtime jar and Debian's python3: every
 * snapshot of data/metrics-stream.jsonl gives its line of data/expected-output.jsonl, across a restart of the runtime
 * halfway, after which the env the function is handed holds its tuples and datetimes again (checked in Python by
 * restored_types.py before each call).
 */
@ExtendWith(RedisExtension.class)
class PythonMetricsFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void givesTheExpectedOutputForEverySnapshotAcrossARestartWithTheEnvsTypesRestored(TestRedis redis)
            throws Exception {
        Path function = Files.copy(
                ProjectFiles.resolve("function/src/main/python/metrics_function.py"), dir.resolve("usermodule.py"));
        Map<String, String> env = PythonRuntime.env(redis, function, "pymetrics");
        env.put("TRIGGER", "notify");
        env.put("POLL_INTERVAL_SECONDS", "0.5");
        redis.client().configSet("notify-keyspace-events", "K$");
        List<String> snapshots = ProjectFiles.metricsStream();
        List<String> expected = ProjectFiles.expectedOutput();
        int half = snapshots.size() / 2;

        try (RuntimeJar first = RuntimeJar.start("pymetrics-first", env)) {
            first.process().awaitLine("loaded usermodule:handler from .*usermodule.py \\(\\w+, Python 3", WAIT);
            feed(redis, snapshots, expected, 0, half);
            assertThat(first.process().terminate(WAIT))
                    .as("exit code on SIGTERM")
                    .isZero();
        }
        JsonNode saved = JSON.readTree(redis.client().get("pymetrics-out:env"));
        assertThat(saved.path("envForm").asText()).as("saved in the typed form").isEqualTo("python");
        assertThat(saved.at("/env/cpu_percent-0/0/$tuple/1/$datetime").asText())
                .as("a (value, datetime) tuple, as the function left it")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*");

        Path checked = new TestCode.Archive()
                .add("metrics_function.py", Files.readString(function))
                .add(
                        "restored_types.py",
                        Files.readString(Path.of("src/test/resources/functions/python/restored_types.py")))
                .writeTo(dir.resolve("checked.zip"));
        env.remove("FUNCTION_PATH");
        env.put("FUNCTION_ZIP", checked.toString());
        env.put("FUNCTION_HANDLER", "restored_types:handler");
        try (RuntimeJar second = RuntimeJar.start("pymetrics-second", env)) {
            second.process().awaitLine("restored env \\(\\d+ keys\\)", WAIT);
            feed(redis, snapshots, expected, half, snapshots.size());
            assertThat(second.metric("fnpulse_invocations_total{outcome=\"success\"}"))
                    .as("every call after the restart succeeded, its env checked first")
                    .isEqualTo(snapshots.size() - half);
            assertThat(second.metric("fnpulse_python_workers_started_total")).isEqualTo(1);
            assertThat(second.process().findLine("ERROR")).isEmpty();
        }
    }

    /** Sets each snapshot in turn and waits until its state is saved; its output must be the expected one. */
    private static void feed(TestRedis redis, List<String> snapshots, List<String> expected, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            String digest = Digest.ofText(snapshots.get(i));
            redis.client().set("pymetrics-in", snapshots.get(i));
            await().atMost(WAIT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> read(redis, "pymetrics-out:env")
                                    .path("inputDigest")
                                    .asText()
                                    .equals(digest)
                            || !read(redis, "pymetrics-out:status").path("ok").asBoolean(true));
            JsonNode status = read(redis, "pymetrics-out:status");
            assertThat(status.path("ok").asBoolean())
                    .as("snapshot %d: %s", i + 1, status)
                    .isTrue();
            JsonNumbers.assertClose(expected.get(i), redis.client().get("pymetrics-out"), 1e-9, "snapshot " + (i + 1));
        }
    }

    private static JsonNode read(TestRedis redis, String key) throws Exception {
        String value = redis.client().get(key);
        return value == null ? JSON.createObjectNode() : JSON.readTree(value);
    }
}
