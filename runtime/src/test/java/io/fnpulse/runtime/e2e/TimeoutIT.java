package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A call that spins past HANDLER_TIMEOUT_SECONDS, never checking for interruption, cannot stall the runtime. */
@ExtendWith(RedisExtension.class)
class TimeoutIT {

    @TempDir
    Path dir;

    @Test
    void abandonsASpinningCallAndHandlesTheNextInputAtOnce(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "spin");
        env.put("HANDLER_TIMEOUT_SECONDS", "1");
        Probe probe = new Probe(redis, "spin-in", "spin-out");
        try (RuntimeJar runtime = RuntimeJar.start("timeout", env)) {
            probe.sendValue(1);

            probe.send("{\"action\":\"spin\",\"value\":2}");
            JsonNode status = probe.awaitStatus(s -> !s.path("ok").asBoolean());
            assertThat(status.at("/error/type").asText())
                    .isEqualTo("io.fnpulse.runtime.invoke.HandlerTimeoutException");
            assertThat(status.at("/error/message").asText()).contains("ran past the 1 s timeout");
            assertThat(status.path("durationMs").asDouble()).isGreaterThanOrEqualTo(1000);

            // a loop stalled behind the spinning call would never handle it (sendValue waits for its output)
            JsonNode next = probe.sendValue(3);
            assertThat(next.path("calls").asInt())
                    .as("the spinning call's env change was rolled back")
                    .isEqualTo(2);
            assertThat(probe.state().at("/env/seen").toString()).isEqualTo("[1,3]");
            assertThat(runtime.metric("fnpulse_invocations_total{outcome=\"timeout\"}"))
                    .isEqualTo(1);
        }
    }
}
