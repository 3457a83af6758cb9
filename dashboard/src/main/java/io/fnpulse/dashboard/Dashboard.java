package io.fnpulse.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.calls.CallsFollower;
import io.fnpulse.dashboard.feed.Feed;
import io.fnpulse.dashboard.fleet.Fleet;
import io.fnpulse.dashboard.fleet.FleetConfig;
import io.fnpulse.dashboard.history.History;
import io.fnpulse.dashboard.history.HistoryFollower;
import io.fnpulse.dashboard.metrics.DashboardMeters;
import io.fnpulse.dashboard.metrics.OutputGauges;
import io.fnpulse.dashboard.poll.OutputParser;
import io.fnpulse.dashboard.poll.Poller;
import io.fnpulse.dashboard.poll.RedisReader;
import io.fnpulse.dashboard.poll.StatusParser;
import io.fnpulse.dashboard.push.Fanout;
import io.fnpulse.dashboard.push.Frames;
import io.fnpulse.dashboard.web.WebServer;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.BoundedStream;
import io.fnpulse.service.trigger.KeyspaceNotifications;
import io.fnpulse.service.trigger.TriggerMode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The running dashboard, wired by constructor in one place: poll → feed (history, gauges, state) → fan-out → web.
 * The poll runs as the supervised loop {@code poll}: whatever a turn throws is contained and counted, and a loop
 * that ended or missed its heartbeat turns {@code /healthz} to 503. {@link Main} starts one from the environment;
 * tests start one from a {@link DashboardConfig}.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    /** Redis commands one poll turn may send at most, each bounded by REDIS_TIMEOUT_SECONDS (a Cluster retries 3×). */
    private static final int COMMANDS_PER_TURN = 12;

    private final UnifiedJedis redis;
    private final SupervisedLoop pollLoop;
    private final Optional<KeyspaceNotifications> notifications;
    private final WebServer web;
    private final Feed feed;
    private final Liveness liveness;
    private final PrometheusMeterRegistry registry;
    private final Optional<Fleet> fleet;

    private Dashboard(
            UnifiedJedis redis,
            SupervisedLoop pollLoop,
            Optional<KeyspaceNotifications> notifications,
            WebServer web,
            Feed feed,
            Liveness liveness,
            PrometheusMeterRegistry registry,
            Optional<Fleet> fleet) {
        this.fleet = fleet;
        this.redis = redis;
        this.pollLoop = pollLoop;
        this.notifications = notifications;
        this.web = web;
        this.feed = feed;
        this.liveness = liveness;
        this.registry = registry;
    }

    public static Dashboard start(DashboardConfig config) {
        return start(config, FleetConfig.defaults(config));
    }

    /** With a fleet configuration, the fleet loop and page too (REDIS_OUTPUT_KEY with a {@code *}). */
    public static Dashboard start(DashboardConfig config, Optional<FleetConfig> fleetConfig) {
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = new ObjectMapper();
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("dashboard");
        Liveness liveness = new Liveness(registry, clock);
        DashboardMeters meters = new DashboardMeters(registry);
        History history = new History(config.historyCapacity(), config.history(), config.pollInterval());
        Fanout fanout = new Fanout(meters);
        Frames frames = new Frames(
                mapper,
                config.outputKey(),
                config.history().toMinutes(),
                config.pollInterval().toMillis());
        Feed feed = new Feed(
                history,
                fanout,
                frames,
                new OutputGauges(registry),
                meters,
                config.redis().address(),
                config.outputKey(),
                clock);
        meters.gauge("fnpulse.dashboard.redis.up", "1 while the last poll reached Redis", () -> feed.redisUp() ? 1 : 0);
        meters.gauge(
                "fnpulse.dashboard.sample.age.seconds",
                "seconds since the newest sample was seen",
                feed::sampleAgeSeconds);
        meters.gauge("fnpulse.dashboard.ws.clients", "browsers connected to /ws", feed::browsers);
        Optional<Fleet> fleet =
                fleetConfig.map(f -> Fleet.start(f, config.redis().connect(), liveness, registry, mapper, clock));
        WebServer web = WebServer.start(
                config.listenAddress(),
                config.port(),
                config.signIn(),
                feed,
                fanout,
                frames,
                registry,
                liveness,
                clock,
                fleet);

        UnifiedJedis redis = config.redis().connect();
        Backoff backoff =
                new Backoff(min(FIRST_RETRY, config.pollInterval()), max(LONGEST_RETRY, config.pollInterval()));
        Poller poller = new Poller(
                new RedisReader(
                        new BoundedReader(redis),
                        config.outputKey(),
                        config.statusKey(),
                        config.maxValueBytes(),
                        config.redis().cluster()),
                new OutputParser(mapper, config.outputKey()),
                new StatusParser(mapper, config.statusKey().orElse("")),
                config.pollInterval(),
                backoff,
                clock,
                feed,
                Optional.of(new HistoryFollower(
                        new BoundedStream(redis, config.maxValueBytes()),
                        new OutputParser(mapper, config.keys().history()),
                        config.keys().history(),
                        config.history(),
                        clock)),
                Optional.of(new CallsFollower(
                        new BoundedStream(redis, config.maxValueBytes()),
                        mapper,
                        config.keys().calls())));

        Optional<KeyspaceNotifications> notifications = Optional.empty();
        if (config.trigger() == TriggerMode.NOTIFY && config.redis().cluster()) {
            log.warn(
                    "TRIGGER=notify is not supported on a Redis Cluster (keyspace notifications stay on the node that"
                            + " holds the key); polling every {} ms instead",
                    config.pollInterval().toMillis());
        } else if (config.trigger() == TriggerMode.NOTIFY) {
            KeyspaceNotifications listener = new KeyspaceNotifications(
                    () -> config.redis().openSubscriber(redis),
                    config.outputKey(),
                    poller::wakeUp,
                    new Backoff(FIRST_RETRY, Duration.ofSeconds(5)));
            meters.gauge(
                    "fnpulse.dashboard.notify.subscribed",
                    "1 while subscribed to keyspace notifications for the output key",
                    () -> listener.subscribed() ? 1 : 0);
            notifications = Optional.of(listener);
        }

        Duration beat = poller.longestWait()
                .plus(config.redis().timeout().multipliedBy(COMMANDS_PER_TURN))
                .plusSeconds(5);
        Heartbeat heartbeat = liveness.loop("poll", beat);
        SupervisedLoop pollLoop =
                SupervisedLoop.start(heartbeat, poller::turn, new Backoff(FIRST_RETRY, LONGEST_RETRY));
        notifications.ifPresent(KeyspaceNotifications::start);
        return new Dashboard(redis, pollLoop, notifications, web, feed, liveness, registry, fleet);
    }

    public int port() {
        return web.port();
    }

    public Feed feed() {
        return feed;
    }

    public Liveness liveness() {
        return liveness;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public Optional<KeyspaceNotifications> notifications() {
        return notifications;
    }

    @Override
    public void close() {
        log.info("stopping");
        notifications.ifPresent(KeyspaceNotifications::close);
        pollLoop.close();
        fleet.ifPresent(Fleet::close);
        web.close();
        redis.close();
        registry.close();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
