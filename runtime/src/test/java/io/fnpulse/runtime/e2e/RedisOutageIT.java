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
import redis.clients.jedis.StreamEntryID;

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

    /**
     * Every loop that talks to Redis (the function loop, the leases, the backlog of TRIGGER=stream, the keyspace
     * notifications) meets the outage: it is told once when Redis goes and once when it is back, never with a stack
     * trace, however many retries happen in between.
     */
    @Test
    void anOutageIsLoggedOnceWhenRedisGoesAndOnceWhenItIsBackWithoutAStackTrace(TestRedis redis)
            throws InterruptedException {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        redis.client().configSet("notify-keyspace-events", "K$t");
        Map<String, String> env = env(redis);
        env.put("TRIGGER", "stream");
        Probe probe = new Probe(redis, "outage-in", "outage-out");
        try (RuntimeJar runtime = RuntimeJar.start("redis-outage-every-loop", env)) {
            redis.client().xadd("outage-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"value\":1}"));
            probe.awaitOutput(output -> output.path("value").asInt() == 1);
            await().atMost(Probe.WAIT).until(() -> runtime.metric("fnpulse_backlog_entries") == 0);

            redis.stop();
            runtime.process().awaitLine("Redis unreachable \\(", Probe.WAIT);
            // long enough for every loop to retry several times: the backlog's every 5 s, the others sooner
            Thread.sleep(16_000);
            redis.start();
            redis.client().configSet("notify-keyspace-events", "K$t");
            runtime.process().awaitLine("Redis answers again", Probe.WAIT);
            redis.client().xadd("outage-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"value\":2}"));
            probe.awaitOutput(output -> output.path("value").asInt() == 2);
            Thread.sleep(6_000); // a backlog refresh after the return

            assertThat(runtime.process().countLines("Redis unreachable \\(")).isEqualTo(1);
            assertThat(runtime.process().countLines("Redis answers again")).isEqualTo(1);
            assertThat(runtime.process().countLines("keyspace notifications for .* lost"))
                    .isLessThanOrEqualTo(1);
            assertThat(runtime.process().countLines("loop '.*' caught"))
                    .as("a loop's own failure lines")
                    .isZero();
            assertThat(runtime.process().countLines("^\\s+at [a-z]"))
                    .as("stack trace lines")
                    .isZero();
            assertThat(runtime.process().isAlive()).isTrue();
        }
    }

    private Map<String, String> env(TestRedis redis) {
        return RuntimeJar.probeEnv(redis, dir, "outage");
    }
}
