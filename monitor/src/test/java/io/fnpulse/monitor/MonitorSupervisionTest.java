package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The publish loop under supervision, in a whole monitor (real Redis, real health server) whose snapshots come from a
 * source that misbehaves the way a broken sampler or a hung machine would.
 */
@ExtendWith(RedisExtension.class)
class MonitorSupervisionTest {

    private static MonitorConfig config(TestRedis redis, String key) {
        return MonitorConfig.fromEnv(new Env(Map.of(
                "REDIS_HOST",
                redis.host(),
                "REDIS_PORT",
                Integer.toString(redis.port()),
                "REDIS_METRICS_KEY",
                key,
                "INTERVAL_SECONDS",
                "0.1",
                "REDIS_TIMEOUT_SECONDS",
                "0.1",
                "HTTP_PORT",
                "0")));
    }

    private static HttpResponse<String> get(MonitorService monitor, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitor.httpPort() + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyThrowableOfATurnIsCountedByClassAndTheLoopGoesOnPublishing(TestRedis redis) throws Exception {
        AtomicInteger turn = new AtomicInteger();
        try (MonitorService monitor = MonitorService.start(config(redis, "supervised-errors"), () -> {
            switch (turn.incrementAndGet()) {
                case 1 -> throw new AssertionError("from a static initializer");
                case 2 -> throw new NoClassDefFoundError("oshi/Gone");
                case 3 -> throw new IllegalStateException("no /proc");
                default -> {
                    return "{\"turn\":" + turn.get() + "}";
                }
            }
        })) {
            await().atMost(Duration.ofSeconds(20)).until(() -> redis.client().get("supervised-errors") != null);

            String metrics = get(monitor, "/metrics").body();
            assertThat(metrics)
                    .containsPattern(
                            "fnpulse_loop_errors_total\\{error=\"AssertionError\",loop=\"publish\",service=\"monitor\"\\} 1\\.0")
                    .containsPattern(
                            "fnpulse_loop_errors_total\\{error=\"NoClassDefFoundError\",loop=\"publish\",service=\"monitor\"\\} 1\\.0")
                    .containsPattern(
                            "fnpulse_loop_errors_total\\{error=\"IllegalStateException\",loop=\"publish\",service=\"monitor\"\\} 1\\.0")
                    .containsPattern("fnpulse_monitor_sample_errors_total(\\{[^}]*\\})? 3\\.0");
            HttpResponse<String> health = get(monitor, "/healthz");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            int seen = turn.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> turn.get() > seen + 3);
        }
    }

    @Test
    void aTurnThatHangsTurnsHealthzTo503NamingTheLoopAndSinceWhenUntilItMovesAgain(TestRedis redis) throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger turn = new AtomicInteger();
        MonitorConfig config = config(redis, "supervised-stall");
        try (MonitorService monitor = MonitorService.start(config, () -> {
            if (turn.incrementAndGet() == 3) {
                hung.countDown();
                release.await();
            }
            return "{\"turn\":" + turn.get() + "}";
        })) {
            hung.await();
            assertThat(get(monitor, "/healthz").statusCode()).isEqualTo(200);
            Duration deadline = MonitorService.heartbeatPeriod(config).plusSeconds(10);

            await().atMost(deadline)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> get(monitor, "/healthz").statusCode() == 503);
            assertThat(get(monitor, "/healthz").body())
                    .contains("loop 'publish' missed its heartbeat", "stalled since");

            release.countDown();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> get(monitor, "/healthz").statusCode() == 200);
            await().atMost(Duration.ofSeconds(10)).until(() -> turn.get() > 4);
        } finally {
            release.countDown();
        }
    }
}
