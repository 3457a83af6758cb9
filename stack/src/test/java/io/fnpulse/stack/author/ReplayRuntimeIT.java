package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * End to end: the real runtime jar handles a stream with the metrics function and records its outputs; replay of the
 * same function over the same stream then matches every one of them. The runtime's history entries name the input
 * they came from ({@code streamId}, {@code inputDigest}): that is what the outputs are paired by.
 */
@ExtendWith(RedisExtension.class)
class ReplayRuntimeIT {

    private static final String METRICS_FUNCTION = "function/src/main/java/io/fnpulse/function/MetricsFunction.java";

    @TempDir
    Path dir;

    @Test
    void replayOfTheRunningFunctionMatchesWhatItRecorded(TestRedis redis) {
        RedisClient client = redis.client();
        client.flushAll();
        List<String> inputs = ProjectFiles.metricsStream();
        for (String input : inputs) {
            client.xadd("metrics:stream", XAddParams.xAddParams(), Map.of("data", input));
        }
        try (ServiceProcess runtime = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name("runtime-for-replay")
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("REDIS_INPUT_KEY", "metrics")
                .env("REDIS_OUTPUT_KEY", "metrics-output")
                .env("TRIGGER", "stream")
                .env("FUNCTION_PATH", ProjectFiles.resolve(METRICS_FUNCTION).toString())
                .env("FUNCTION_HANDLER", "io.fnpulse.function.MetricsFunction::handle")
                .env("CODE_CACHE_DIR", dir.resolve("cache").toString())
                .env("HTTP_PORT", "0")
                .start()) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> client.exists("metrics-output:history")
                            && client.xlen("metrics-output:history") == inputs.size());
            runtime.terminate(Duration.ofSeconds(30));
        }
        StreamEntry recorded =
                client.xrange("metrics-output:history", "-", "+", 1).get(0);
        assertThat(recorded.getFields())
                .as("a history entry names the input entry it came from")
                .containsKeys(HistoryEntry.STREAM_ID, HistoryEntry.INPUT_DIGEST);

        AuthorCommand.Result result = AuthorCommand.jar(
                        "replay", METRICS_FUNCTION, "--stream", "metrics:stream", "--compare", "metrics-output:history")
                .in(ProjectFiles.root())
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("CODE_CACHE_DIR", dir.resolve("cache").toString())
                .run();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).hasSize(inputs.size());
        assertThat(result.stderr())
                .contains("compared 150 outputs")
                .contains("0 entries have no recorded output")
                .contains("no output differs beyond the tolerance");
    }
}
