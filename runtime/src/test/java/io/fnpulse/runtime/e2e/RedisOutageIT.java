package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Redis going away, at start or under a running runtime, is reported once, survived, and resumed from. */
@ExtendWith(RedisExtension.class)
class RedisOutageIT {

    @TempDir
    Path dir;

    @Test
    void survivesRedisBeingKilledAndRestartedUnderIt(TestRedis redis) {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        Probe probe = new Probe(redis, "outage-in", "outage-out");
        try (RuntimeJar runtime = RuntimeJar.start("redis-outage", env(redis))) {
            probe.sendValue(1);
            probe.sendValue(2);

            redis.stop();
            runtime.process().awaitLine("Redis unreachable \\(.*retrying with backoff", Probe.WAIT);
            await().atMost(Probe.WAIT).until(() -> runtime.get("/readyz").statusCode() == 503);
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);

            redis.start();
            runtime.process().awaitLine("Redis answers again", Probe.WAIT);
            // the restarted server lost its data; the runtime kept its env in memory and writes it with the next call
            assertThat(probe.sendValue(3).path("calls").asInt()).isEqualTo(3);
            assertThat(probe.state().at("/env/seen").toString()).isEqualTo("[1,2,3]");
            await().atMost(Probe.WAIT).until(() -> runtime.get("/readyz").statusCode() == 200);

            assertThat(runtime.process().countLines("Redis unreachable \\("))
                    .as("reported once")
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_redis_errors_total")).isPositive();
            assertThat(runtime.process().isAlive()).isTrue();
        }
    }

    @Test
    void waitsForRedisThatIsDownAtStart(TestRedis redis) {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        Probe probe = new Probe(redis, "outage-in", "outage-out");
        redis.stop();
        try (RuntimeJar runtime = RuntimeJar.start("redis-down-at-start", env(redis))) {
            runtime.process().awaitLine("Redis unreachable \\(.*retrying with backoff", Probe.WAIT);
            assertThat(runtime.get("/readyz").statusCode()).isEqualTo(503);
            redis.start();
            assertThat(probe.sendValue(7).path("value").asInt()).isEqualTo(7);
        }
    }

    private Map<String, String> env(TestRedis redis) {
        return RuntimeJar.probeEnv(redis, dir, "outage");
    }
}
