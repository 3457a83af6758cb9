package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis away when the monitor starts, and again while it runs: the monitor keeps running, says so once per outage
 * and once per recovery, and publishes again as soon as Redis is back.
 */
@ExtendWith(RedisExtension.class)
class RedisOutageIT {

    private static final String KEY = "outage-metrics";

    @Test
    void survivesRedisMissingAtStartAndGoingAwayMidRunLoggingEachChangeOnce(TestRedis redis) throws Exception {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        redis.stop();
        boolean running = false;
        try (ServiceProcess monitor = MonitorJarIT.startMonitor(redis, KEY)) {
            int port = MonitorJarIT.httpPort(monitor);
            monitor.awaitLine("is unreachable", Duration.ofSeconds(30));
            assertThat(MonitorJarIT.get(port, "/readyz").statusCode()).isEqualTo(503);
            assertThat(MonitorJarIT.get(port, "/healthz").statusCode()).isEqualTo(200);

            redis.start();
            running = true;
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> redis.client().get(KEY) != null);
            monitor.awaitLine("reachable again", Duration.ofSeconds(30));
            assertThat(MonitorJarIT.get(port, "/readyz").statusCode()).isEqualTo(200);

            redis.stop();
            running = false;
            await().atMost(Duration.ofSeconds(30)).until(() -> monitor.countLines("is unreachable") == 2);
            redis.start();
            running = true;
            await().atMost(Duration.ofSeconds(60)).until(() -> monitor.countLines("reachable again") == 2);
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> redis.client().get(KEY) != null);

            assertThat(monitor.countLines("is unreachable")).isEqualTo(2);
            assertThat(monitor.countLines("reachable again")).isEqualTo(2);
            assertThat(MonitorJarIT.get(port, "/metrics").body())
                    .containsPattern("fnpulse_monitor_redis_errors_total\\{[^}]*\\} [1-9]");
            assertThat(MonitorJarIT.sigterm(monitor)).isZero();
            assertThat(monitor.output()).contains("monitor stopped");
        } finally {
            if (!running) {
                redis.start();
            }
        }
    }
}
