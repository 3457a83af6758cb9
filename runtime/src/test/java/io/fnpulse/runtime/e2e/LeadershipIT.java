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

/** The lease runs on a clock of its own: a slow poll interval does not slow a takeover. */
@ExtendWith(RedisExtension.class)
class LeadershipIT {

    @TempDir
    Path dir;

    @Test
    void aStandbyTakesOverWithinTwoLeasePeriodsWhateverThePollIntervalAndHandlesTheInputAtOnce(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "slow");
        env.put("POLL_INTERVAL_SECONDS", "30");
        env.put("LEASE_SECONDS", "2");
        Probe probe = new Probe(redis, "slow-in", "slow-out");
        probe.send("{\"value\":1}");
        try (RuntimeJar a = RuntimeJar.start("slow-a", env)) {
            probe.awaitOutput(output -> output.path("value").asInt() == 1);
            try (RuntimeJar b = RuntimeJar.start("slow-b", env)) {
                b.process().awaitLine("holds the lease slow-out:lock; standing by", Probe.WAIT);
                b.process().awaitLine("loaded probe.ProbeFunction", Probe.WAIT);
                probe.send("{\"value\":2}");
                a.process().kill();
                long killed = System.nanoTime();
                probe.awaitOutput(output -> output.path("value").asInt() == 2);
                Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
                assertThat(takeover).as("two lease periods, not a 30 s poll").isLessThan(Duration.ofSeconds(5));
                assertThat(probe.state().at("/env/seen").toString()).isEqualTo("[1,2]");
            }
        }
    }
}
