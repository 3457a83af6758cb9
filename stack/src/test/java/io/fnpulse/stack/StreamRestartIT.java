package io.fnpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The stack's wiring with the real jars: the monitor appends every snapshot to {@code <key>:stream}, the runtime
 * reads it with {@code TRIGGER=stream}; the runtime killed with SIGKILL and started again finds every sample the
 * monitor published meanwhile, and the calls log shows each one handled exactly once, in order, none dead-lettered.
 */
@ExtendWith(RedisExtension.class)
class StreamRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "restart-metrics";
    private static final String STREAM = KEY + ":stream";
    private static final String OUTPUT = "restart-output";

    @TempDir
    Path work;

    @Test
    void aRuntimeKilledAndRestartedHandlesEverySampleTheMonitorPublishedOnce(TestRedis redis) {
        redis.client().configSet("notify-keyspace-events", "K$t");
        try (ServiceProcess monitor = monitor(redis)) {
            ServiceProcess first = runtime(redis, "runtime-1");
            await().atMost(Duration.ofSeconds(60)).until(() -> calls(redis).size() >= 10);

            first.kill();
            first.awaitExit(Duration.ofSeconds(20));
            first.close();
            long whileDown = redis.client().xlen(STREAM);
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.client().xlen(STREAM) >= whileDown + 20);

            try (ServiceProcess second = runtime(redis, "runtime-2")) {
                int before = calls(redis).size();
                await().atMost(Duration.ofSeconds(60)).until(() -> calls(redis).size() >= before + 30);
                assertThat(sigterm(monitor)).isZero();

                List<String> published = redis.client().xrange(STREAM, "-", "+").stream()
                        .map(entry -> entry.getID().toString())
                        .toList();
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(handledStreamIds(redis)).containsAll(published));
                List<String> handled = handledStreamIds(redis);
                assertThat(handled)
                        .as("every sample handled once, in stream order")
                        .doesNotHaveDuplicates()
                        .isEqualTo(published);
                // A SIGKILL is not the entry's fault: an entry it hit mid-call is called again after the restart,
                // not skipped as a poison input, so nothing goes to the dead letters.
                assertThat(calls(redis))
                        .extracting(call -> call.path("outcome").asText())
                        .allMatch(outcome -> List.of("success", "no_output").contains(outcome));
                assertThat(deadStreamIds(redis)).isEmpty();
                assertThat(redis.client().get(OUTPUT)).isNotNull();
            }
        }
    }

    private ServiceProcess monitor(TestRedis redis) {
        return ServiceProcess.jar(ProjectFiles.jar("monitor", "fnpulse-monitor.jar"))
                .name("monitor")
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_METRICS_KEY", KEY)
                .env("REDIS_METRICS_STREAM", STREAM)
                .env("INTERVAL_SECONDS", "0.1")
                .env("HTTP_PORT", "0")
                .start();
    }

    private ServiceProcess runtime(TestRedis redis, String name) {
        ServiceProcess runtime = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name(name)
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_INPUT_KEY", KEY)
                .env("REDIS_OUTPUT_KEY", OUTPUT)
                .env("TRIGGER", "stream")
                .env("FUNCTION_PATH", functionSource().toString())
                .env("FUNCTION_HANDLER", "io.fnpulse.function.MetricsFunction::handle")
                .env("CODE_CACHE_DIR", work.resolve("code-cache").toString())
                .env("LEASE_SECONDS", "1")
                .env("REDIS_TIMEOUT_SECONDS", "0.5")
                .env("HTTP_PORT", "0")
                .start();
        runtime.awaitLine("serving /healthz", Duration.ofSeconds(60));
        return runtime;
    }

    private Path functionSource() {
        try {
            Path file = work.resolve("function/MetricsFunction.java");
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.copy(
                        ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java"), file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> calls(TestRedis redis) {
        List<JsonNode> calls = new ArrayList<>();
        for (StreamEntry entry : redis.client().xrange(OUTPUT + ":calls", "-", "+")) {
            try {
                calls.add(JSON.readTree(entry.getFields().get("data")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return calls;
    }

    private static List<String> deadStreamIds(TestRedis redis) {
        List<String> ids = new ArrayList<>();
        for (StreamEntry entry : redis.client().xrange(OUTPUT + ":dead", "-", "+")) {
            try {
                ids.add(JSON.readTree(entry.getFields().get("data"))
                        .path("streamId")
                        .asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private static List<String> handledStreamIds(TestRedis redis) {
        return calls(redis).stream().map(call -> call.path("streamId").asText()).toList();
    }

    /** SIGTERM through the process handle, so the monitor's last lines stay readable; then its exit code. */
    private static int sigterm(ServiceProcess process) {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroy);
        return process.awaitExit(Duration.ofSeconds(20));
    }
}
