package io.fnpulse.dashboard.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RedisOutage;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.service.trigger.KeyspaceNotifications;
import io.fnpulse.service.trigger.TriggerMode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * TRIGGER=notify: a write to the output key wakes the poll, so the sample arrives before the next poll would have
 * run; with notifications off on the server the dashboard says so, changes nothing, and keeps polling.
 */
@ExtendWith(RedisExtension.class)
class NotifyTriggerTest {

    private static final String SETTING = "notify-keyspace-events";
    private static final Duration LONG_POLL = Duration.ofSeconds(30);

    private final TestRedis redis;
    private final RedisOutage outage;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private String before;

    NotifyTriggerTest(TestRedis redis) {
        this.redis = redis;
        this.outage = new RedisOutage(redis);
    }

    @BeforeEach
    void listen() {
        before = redis.client().configGet(SETTING).get(SETTING);
        log.start();
        ((Logger) LoggerFactory.getLogger(KeyspaceNotifications.class)).addAppender(log);
    }

    @AfterEach
    void restore() {
        ((Logger) LoggerFactory.getLogger(KeyspaceNotifications.class)).detachAppender(log);
        outage.close();
        redis.client().configSet(SETTING, before);
    }

    private static RunningDashboard start(TestRedis redis, String key, Duration poll) {
        DashboardConfig polling = RunningDashboard.config(redis, key, poll);
        return RunningDashboard.start(new DashboardConfig(
                polling.port(),
                polling.redis(),
                key,
                poll,
                polling.history(),
                polling.statusKey(),
                TriggerMode.NOTIFY,
                polling.maxValueBytes()));
    }

    private static KeyspaceNotifications notifications(RunningDashboard dashboard) {
        return dashboard.dashboard().notifications().orElseThrow();
    }

    /** Writes, and expects the sample before the poll that follows the one at {@code lastPollAt} would run. */
    private void assertWokenBeforeNextPoll(RunningDashboard dashboard, String key, double value, long lastPollAt) {
        long nextPollAt = lastPollAt + LONG_POLL.toMillis();
        long left = nextPollAt - System.currentTimeMillis() - 1_000;
        assertThat(left).as("time left before the next regular poll").isPositive();
        redis.client().set(key, "{\"x\": " + value + "}");
        JsonNode sample = await("the sample, woken by the notification")
                .atMost(Duration.ofMillis(left))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> dashboard.latest().get("sample"),
                        s -> s != null
                                && !s.isNull()
                                && s.get("values").get("x").asDouble() == value);
        assertThat(sample.get("t").asLong()).isLessThan(nextPollAt);
    }

    @Test
    void aWriteIsChartedBeforeTheNextPollWouldRun() {
        redis.client().configSet(SETTING, "K$");
        String key = "notify:wakes";
        try (RunningDashboard dashboard = start(redis, key, LONG_POLL)) {
            JsonNode up = await().atMost(Duration.ofSeconds(20))
                    .until(dashboard::state, s -> s.get("redis").asText().equals("up"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> notifications(dashboard).subscribed());
            assertThat(notifications(dashboard).serverSetting()).isEqualTo(KeyspaceNotifications.ServerSetting.ON);
            assertThat(dashboard.metric("fnpulse_dashboard_notify_subscribed", ""))
                    .isEqualTo(1.0);

            double settled = settledPolls(dashboard); // the first poll, and the one the subscription itself wakes
            assertWokenBeforeNextPoll(dashboard, key, 1.5, up.get("redisSince").asLong());
            assertThat(dashboard.polls())
                    .as("one more poll: the one the write woke")
                    .isEqualTo(settled + 1);
        }
    }

    /** The poll count once it has stopped moving for a while. */
    private static double settledPolls(RunningDashboard dashboard) {
        double[] last = {-1};
        return await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(dashboard::polls, polls -> {
                    boolean same = polls == last[0];
                    last[0] = polls;
                    return same;
                });
    }

    @Test
    void withNotificationsOffItSaysSoOnceChangesNothingAndKeepsPolling() {
        redis.client().configSet(SETTING, "");
        String key = "notify:off";
        try (RunningDashboard dashboard = start(redis, key, Duration.ofMillis(200))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> notifications(dashboard).serverSetting() == KeyspaceNotifications.ServerSetting.OFF);
            redis.client().set(key, "{\"x\": 2.5}");
            dashboard.awaitSample("x", 2.5);
            redis.client().set(key, "{\"x\": 3.5}");
            dashboard.awaitSample("x", 3.5);

            assertThat(log.list)
                    .filteredOn(e -> e.getLevel() == Level.WARN)
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement()
                    .asString()
                    .contains("keyspace notifications are off")
                    .contains("CONFIG SET notify-keyspace-events K$");
            assertThat(redis.client().configGet(SETTING)).isEqualTo(Map.of(SETTING, ""));
        }
    }

    @Test
    void subscribesAgainAfterRedisComesBack() {
        assumeTrue(redis.canStop(), () -> redis.describe() + " cannot be stopped");
        redis.client().configSet(SETTING, "K$");
        String key = "notify:resubscribes";
        try (RunningDashboard dashboard = start(redis, key, LONG_POLL)) {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> notifications(dashboard).subscribed());

            outage.begin();
            if (!redis.describe().contains("container")) {
                // a stopped process closes the connection; a paused container keeps it, and the subscription with it
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !notifications(dashboard).subscribed());
            }
            outage.end();
            redis.client().configSet(SETTING, "K$");
            JsonNode up = await().atMost(Duration.ofSeconds(40))
                    .until(
                            dashboard::state,
                            s -> s.get("redis").asText().equals("up")
                                    && s.get("redisSince").asLong() > 0);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> notifications(dashboard).subscribed());

            assertWokenBeforeNextPoll(dashboard, key, 4.5, up.get("redisSince").asLong());
        }
    }
}
