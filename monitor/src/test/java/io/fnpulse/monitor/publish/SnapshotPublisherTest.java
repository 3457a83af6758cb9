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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

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
        publisher = new SnapshotPublisher(client, KEY, settings.address(),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(200)), Clock.systemUTC(), registry);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private double count(String meter) {
        return registry.get(meter).counter().count();
    }

    @Test
    void writesEachSnapshotToTheKeyAndIsReadyOnceOneIsWritten(TestRedis redis) {
        assertThat(publisher.readiness().ready()).isFalse();

        publisher.publish("{\"n\":1}");
        publisher.publish("{\"n\":2}");

        assertThat(redis.client().get(KEY)).isEqualTo("{\"n\":2}");
        assertThat(publisher.readiness().ready()).isTrue();
        assertThat(count("fnpulse.monitor.snapshots.published")).isEqualTo(2);
        assertThat(count("fnpulse.monitor.redis.errors")).isZero();
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
            assertThat(count("fnpulse.monitor.redis.errors")).isEqualTo(1);
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
}
