package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TRIGGER=notify wakes the runtime on a keyspace notification instead of waiting for the next poll. */
@ExtendWith(RedisExtension.class)
class NotifyTriggerIT {

    @TempDir
    Path dir;

    @Test
    void handlesAChangeLongBeforeTheNextPoll(TestRedis redis) {
        redis.client().configSet("notify-keyspace-events", "K$");
        try (RuntimeJar runtime = RuntimeJar.start("notify", env(redis, "notify"))) {
            runtime.process().awaitLine("subscribed to __keyspace@0__:notify-in", Probe.WAIT);
            Probe probe = new Probe(redis, "notify-in", "notify-out");
            for (int value = 1; value <= 3; value++) {
                long sent = System.nanoTime();
                probe.sendValue(value);
                // with a 60 s poll, only the notification can explain an answer within seconds
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
            }
        } finally {
            redis.client().configSet("notify-keyspace-events", "");
        }
    }

    @Test
    void saysSoOnceWhenTheServerHasNotificationsOffAndKeepsPolling(TestRedis redis) {
        redis.client().configSet("notify-keyspace-events", "");
        Map<String, String> env = env(redis, "quiet");
        env.put("POLL_INTERVAL_SECONDS", "0.2");
        try (RuntimeJar runtime = RuntimeJar.start("notify-off", env)) {
            runtime.process().awaitLine("keyspace notifications are off", Probe.WAIT);
            Probe probe = new Probe(redis, "quiet-in", "quiet-out");
            assertThat(probe.sendValue(1).path("value").asInt()).isEqualTo(1);
            assertThat(runtime.process().countLines("keyspace notifications are off"))
                    .isEqualTo(1);
        }
    }

    private Map<String, String> env(TestRedis redis, String prefix) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, prefix);
        env.put("TRIGGER", "notify");
        env.put("POLL_INTERVAL_SECONDS", "60");
        return env;
    }
}
