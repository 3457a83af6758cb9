package io.fnpulse.dashboard.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.RedisOutage;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.dashboard.WsProbe;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Redis away at start or mid-run: the page says so, the history stays, readiness fails, and it all recovers. */
@ExtendWith(RedisExtension.class)
class RedisOutageTest {

    private final TestRedis redis;
    private final RedisOutage outage;

    RedisOutageTest(TestRedis redis) {
        this.redis = redis;
        this.outage = new RedisOutage(redis);
    }

    @BeforeEach
    void needsAServerThatCanBeStopped() {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped, so an outage cannot be simulated");
    }

    @AfterEach
    void redisIsBack() {
        outage.close();
    }

    @Test
    void startsWithRedisDownAndCatchesUpWhenItComes() {
        outage.begin();
        try (RunningDashboard dashboard = RunningDashboard.start(redis, "outage:at-start", Duration.ofMillis(100))) {
            JsonNode down = await().atMost(Duration.ofSeconds(20))
                    .until(dashboard::state, s -> s.get("redis").asText().equals("down"));
            assertThat(down.get("redisSince").asLong()).isPositive();
            assertThat(down.get("redisError").asText()).isNotBlank();
            assertThat(dashboard.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(dashboard.get("/readyz").body()).contains("Redis unreachable");
            assertThat(dashboard.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(dashboard.get("/").statusCode()).isEqualTo(200);
            assertThat(dashboard.metric("fnpulse_dashboard_redis_up", "")).isZero();

            outage.end();
            redis.client().set("outage:at-start", "{\"x\": 1.5}");
            dashboard.awaitSample("x", 1.5);
            assertThat(dashboard.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(dashboard.metric("fnpulse_dashboard_redis_up", "")).isEqualTo(1.0);
        }
    }

    @Test
    void aMidRunOutageIsShownKeepsTheHistoryAndIsDrawnAsAGap() {
        String key = "outage:mid-run";
        try (RunningDashboard dashboard = RunningDashboard.start(redis, key, Duration.ofMillis(100));
                WsProbe browser = dashboard.connect()) {
            for (int i = 1; i <= 5; i++) {
                redis.client().set(key, "{\"x\": " + i + "}");
                dashboard.awaitSample("x", i);
            }
            outage.begin();
            JsonNode down = browser.awaitState(
                    "Redis down", s -> s.get("redis").asText().equals("down"));
            assertThat(down.get("redisSince").asLong()).isPositive();
            assertThat(dashboard.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(dashboard.json("/api/history").get("samples")).hasSize(5);
            assertThat(dashboard.latest().get("state").get("redis").asText()).isEqualTo("down");
            long downSince = dashboard.dashboard().feed().state().redisSince();
            await().atMost(Duration.ofSeconds(20)).until(() -> System.currentTimeMillis() - downSince > 1_000);

            outage.end();
            browser.awaitState("Redis up again", s -> s.get("redis").asText().equals("up"));
            redis.client().set(key, "{\"x\": 6}");
            JsonNode after = browser.awaitSample("x", 6);
            assertThat(after.get("gap").asBoolean())
                    .as("the outage is a gap, not a line")
                    .isTrue();
            assertThat(dashboard.json("/api/history").get("samples")).hasSize(6);
            assertThat(dashboard.get("/readyz").statusCode()).isEqualTo(200);
        }
    }
}
