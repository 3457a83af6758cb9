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

/** Redis away when the monitor starts: it keeps running, says so once, and publishes once Redis is there. */
@ExtendWith(RedisExtension.class)
class RedisOutageIT {

    @Test
    void startsWithoutRedisReportsItOnceAndPublishesWhenItComesBack(TestRedis redis) throws Exception {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        redis.stop();
        boolean stopped = true;
        try (ServiceProcess monitor = MonitorJarIT.startMonitor(redis, "outage-metrics")) {
            int port = MonitorJarIT.httpPort(monitor);
            monitor.awaitLine("is unreachable", Duration.ofSeconds(30));
            assertThat(MonitorJarIT.get(port, "/readyz").statusCode()).isEqualTo(503);
            assertThat(MonitorJarIT.get(port, "/healthz").statusCode()).isEqualTo(200);

            redis.start();
            stopped = false;
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.client().get("outage-metrics") != null);
            monitor.awaitLine("reachable again", Duration.ofSeconds(30));
            assertThat(MonitorJarIT.get(port, "/readyz").statusCode()).isEqualTo(200);

            assertThat(monitor.countLines("is unreachable")).isEqualTo(1);
            assertThat(monitor.countLines("reachable again")).isEqualTo(1);
            assertThat(monitor.isAlive()).isTrue();
            assertThat(MonitorJarIT.sigterm(monitor)).isZero();
            assertThat(monitor.output()).contains("monitor stopped");
        } finally {
            if (stopped) {
                redis.start();
            }
        }
    }
}
