package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runtimes on one output key: one invokes, the other stands by, and when the active one is killed with
 * SIGKILL the standby takes over — every input handled exactly once, none lost.
 */
@ExtendWith(RedisExtension.class)
class ReplicaIT {

    @TempDir
    Path dir;

    @Test
    void aStandbyTakesOverFromAKilledReplicaWithoutLosingOrRepeatingAnInput(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "replica");
        env.put("LEASE_SECONDS", "2");
        Probe probe = new Probe(redis, "replica-in", "replica-out");

        try (RuntimeJar a = RuntimeJar.start("replica-a", env);
                RuntimeJar b = RuntimeJar.start("replica-b", env)) {
            for (int value = 1; value <= 5; value++) {
                probe.sendValue(value);
            }
            for (RuntimeJar replica : List.of(a, b)) {
                replica.process().awaitLine("holding the lease|standing by", Probe.WAIT);
            }
            RuntimeJar active = a.process().findLine("holding the lease").isPresent() ? a : b;
            RuntimeJar standby = active == a ? b : a;
            assertThat(standby.process().findLine("standing by")).isPresent();
            assertThat(standby.process().findLine("holding the lease")).isEmpty();
            assertThat(standby.metric("fnpulse_invocations_total{outcome=\"success\"}"))
                    .as("the standby never invoked")
                    .isZero();

            probe.send("{\"value\":6}");
            active.process().kill();

            long killedAt = System.nanoTime();
            standby.process().awaitLine("holding the lease", Probe.WAIT);
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(takeover).as("within two lease periods").isLessThan(Duration.ofSeconds(4));

            probe.awaitOutput(output -> output.path("value").asInt() == 6);
            for (int value = 7; value <= 9; value++) {
                probe.sendValue(value);
            }
            List<Integer> seen = new ArrayList<>();
            probe.state().at("/env/seen").forEach(node -> seen.add(node.asInt()));
            assertThat(seen)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, 9).boxed().toList());
            await().atMost(Probe.WAIT).until(() -> standby.metric("fnpulse_lease_held") == 1.0);
        }
    }
}
