package io.fnpulse.monitor.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.monitor.host.HostSampler;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class PublishLoopTest {

    private static final String KEY = "loop-test-metrics";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishesAFreshParseableSnapshotOfThisHostEveryInterval(TestRedis redis) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisSettings settings = RedisSettings.local(redis.host(), redis.port());
        List<JsonNode> seen = new ArrayList<>();

        try (RedisClient client = settings.newClient(Duration.ofSeconds(1))) {
            SnapshotPublisher publisher = new SnapshotPublisher(
                    client,
                    KEY,
                    settings.address(),
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(200)),
                    Clock.systemUTC(),
                    registry);
            HostSampler sampler = HostSampler.forThisHost();
            Heartbeat heartbeat =
                    new Liveness(registry, Clock.systemUTC()).loop(PublishLoop.LOOP, Duration.ofSeconds(10));
            try (PublishLoop loop = new PublishLoop(
                    () -> JSON.writeValueAsString(sampler.sample().toJsonObject()),
                    publisher,
                    Duration.ofMillis(200),
                    heartbeat,
                    registry)) {
                loop.start();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            String value = redis.client().get(KEY);
                            if (value != null) {
                                JsonNode snapshot = JSON.readTree(value);
                                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(snapshot)) {
                                    seen.add(snapshot);
                                }
                            }
                            return seen.size() >= 3;
                        });
            }
        }

        for (JsonNode snapshot : seen) {
            assertThat(snapshot.isObject()).isTrue();
            assertThat(snapshot.has("cpu_percent-0")).isTrue();
            assertThat(snapshot.get("virtual_memory-total").asLong()).isPositive();
        }
        List<String> timestamps = seen.stream()
                .map(snapshot -> snapshot.get("timestamp").asText())
                .toList();
        assertThat(timestamps).doesNotHaveDuplicates().isSorted();
        assertThat(registry.get("fnpulse.monitor.snapshots.published").counter().count())
                .isGreaterThanOrEqualTo(3);
        assertThat(registry.get("fnpulse.monitor.sample.errors").counter().count())
                .isZero();
    }
}
