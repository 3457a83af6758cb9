package io.fnpulse.monitor.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.resps.StreamEntry;

@ExtendWith(RedisExtension.class)
class SnapshotPublisherTest {

    private static final String KEY = "publisher-test-metrics";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RedisClient client;
    private SnapshotPublisher publisher;

    @BeforeEach
    void connect(TestRedis redis) {
        RedisSettings settings = RedisSettings.local(redis.host(), redis.port());
        client = settings.newClient(Duration.ofSeconds(1));
        publisher = new SnapshotPublisher(
                client,
                KEY,
                settings.address(),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(200)),
                Clock.systemUTC(),
                registry);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private double count(String meter) {
        return registry.get(meter).counter().count();
    }

    private double redisErrors(String kind) {
        return registry.get("fnpulse.monitor.redis.errors")
                .tag("problem", kind)
                .counter()
                .count();
    }

    @Test
    void writesEachSnapshotToTheKeyAndIsReadyOnceOneIsWritten(TestRedis redis) {
        assertThat(publisher.readiness().ready()).isFalse();

        publisher.publish("{\"n\":1}");
        publisher.publish("{\"n\":2}");

        assertThat(redis.client().get(KEY)).isEqualTo("{\"n\":2}");
        assertThat(publisher.readiness().ready()).isTrue();
        assertThat(count("fnpulse.monitor.snapshots.published")).isEqualTo(2);
        assertThat(registry.get("fnpulse.monitor.redis.errors").counters()).allMatch(counter -> counter.count() == 0);
        assertThat(registry.get("fnpulse.monitor.last.publish").gauge().value()).isPositive();
    }

    @Test
    void survivesRedisGoingAwayAndPublishesAgainOnceItIsBack(TestRedis redis) {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        publisher.publish("{\"n\":1}");

        redis.stop();
        try {
            publisher.publish("{\"n\":2}");
            Readiness readiness = publisher.readiness();
            assertThat(readiness.ready()).isFalse();
            assertThat(readiness.detail()).contains("unreachable since");
            assertThat(redisErrors("unreachable")).isEqualTo(1);
        } finally {
            redis.start();
        }

        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            publisher.publish("{\"n\":3}");
            assertThat(redis.client().get(KEY)).isEqualTo("{\"n\":3}");
        });
        assertThat(publisher.readiness().ready()).isTrue();
        assertThat(count("fnpulse.monitor.snapshots.published")).isEqualTo(2);
    }

    @Test
    void appendsEachSnapshotToTheStreamInFieldDataCappedAboutTheLength(TestRedis redis) {
        String stream = "publisher-test-stream";
        redis.client().del(stream);
        SnapshotPublisher streaming = new SnapshotPublisher(
                client,
                new SnapshotPublisher.Target(KEY + ":s", Optional.of(stream), 100),
                "test",
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(200)),
                Clock.systemUTC(),
                new SimpleMeterRegistry());

        for (int n = 0; n < 1_000; n++) {
            streaming.publish("{\"n\":" + n + "}");
        }

        assertThat(redis.client().get(KEY + ":s")).isEqualTo("{\"n\":999}");
        List<StreamEntry> newest = redis.client().xrevrange(stream, "+", "-", 1);
        assertThat(newest.get(0).getFields()).isEqualTo(Map.of("data", "{\"n\":999}"));
        // MAXLEN ~ trims whole nodes (100 entries each by default): about the cap, never everything
        assertThat(redis.client().xlen(stream)).isBetween(100L, 300L);
    }

    @Test
    void aRefusedLoginIsReportedAsSuchNotAsAnOutage(TestRedis redis) {
        RedisSettings wrong = new RedisSettings(
                redis.host(), redis.port(), Optional.empty(), Optional.of("wrong"), false, Duration.ofSeconds(1));
        redis.client().configSet("requirepass", "right");
        try (RedisClient refused = wrong.newClient()) {
            SnapshotPublisher refusedPublisher = new SnapshotPublisher(
                    refused,
                    KEY + ":refused",
                    wrong.address(),
                    new Backoff(Duration.ofMillis(10), Duration.ofMillis(200)),
                    Clock.systemUTC(),
                    registry);

            refusedPublisher.publish("{\"n\":1}");

            Readiness readiness = refusedPublisher.readiness();
            assertThat(readiness.ready()).isFalse();
            assertThat(readiness.detail())
                    .contains("refused the login", "WRONGPASS")
                    .doesNotContain("unreachable");
            assertThat(redisErrors("login_refused")).isEqualTo(1);
            assertThat(redisErrors("unreachable")).isZero();
        } finally {
            redis.client().configSet("requirepass", "");
        }
        assertThat(redis.client().exists(KEY + ":refused")).isFalse();
    }
}
