package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM finishes the call, saves state, exits 0; the next start restores the env and does not redo the input. */
@ExtendWith(RedisExtension.class)
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void aRestartedRuntimeRestoresTheEnvAndSkipsTheInputItAlreadyHandled(TestRedis redis) {
        Probe probe = new Probe(redis, "restart-in", "restart-out");
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "restart");

        try (RuntimeJar first = RuntimeJar.start("restart-first", env)) {
            for (int value = 1; value <= 3; value++) {
                probe.sendValue(value);
            }
            assertThat(first.process().terminate(Duration.ofSeconds(20)))
                    .as("exit code after SIGTERM")
                    .isZero();
        }
        JsonNode statusBefore = probe.status();
        assertThat(probe.state().at("/env/calls").asInt()).isEqualTo(3);

        try (RuntimeJar second = RuntimeJar.start("restart-second", env)) {
            second.process().awaitLine("restored env \\(2 keys\\)", Probe.WAIT);
            // input 3 is still in place; the restarted runtime must not call the function for it again
            await().during(Duration.ofMillis(600))
                    .atMost(Probe.WAIT)
                    .until(() -> probe.status().equals(statusBefore));

            JsonNode next = probe.sendValue(4);
            assertThat(next.path("calls").asInt())
                    .as("calls continue from the restored env")
                    .isEqualTo(4);
            assertThat(probe.state().at("/env/seen").toString()).isEqualTo("[1,2,3,4]");
        }
    }

    @Test
    void sigtermLetsTheRunningCallFinishAndWriteItsResult(TestRedis redis) throws Exception {
        Probe probe = new Probe(redis, "finish-in", "finish-out");
        Path marker = dir.resolve("call-started");
        try (RuntimeJar runtime = RuntimeJar.start("finish-call", RuntimeJar.probeEnv(redis, dir, "finish"))) {
            probe.sendValue(1);
            probe.send("{\"action\":\"sleep\",\"millis\":1500,\"value\":2,\"marker\":\"" + marker + "\"}");
            await().atMost(Probe.WAIT).until(() -> Files.exists(marker));

            assertThat(runtime.process().terminate(Duration.ofSeconds(20))).isZero();
        }
        assertThat(probe.output().path("value").asInt())
                .as("the call in progress was finished and written")
                .isEqualTo(2);
        assertThat(probe.state().at("/env/seen").toString()).isEqualTo("[1,2]");
    }
}
