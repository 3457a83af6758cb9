package io.fnpulse.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.feed.Feed;
import io.fnpulse.dashboard.fleet.Fleet;
import io.fnpulse.dashboard.fleet.FleetConfig;
import io.fnpulse.dashboard.history.History;
import io.fnpulse.dashboard.metrics.DashboardMeters;
import io.fnpulse.dashboard.metrics.OutputGauges;
import io.fnpulse.dashboard.poll.OutputParser;
import io.fnpulse.dashboard.poll.Poller;
import io.fnpulse.dashboard.poll.RedisReader;
import io.fnpulse.dashboard.poll.StatusParser;
import io.fnpulse.dashboard.poll.Trigger;
import io.fnpulse.dashboard.push.Fanout;
import io.fnpulse.dashboard.push.Frames;
import io.fnpulse.dashboard.web.WebServer;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.trigger.KeyspaceNotifications;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * The running dashboard, wired by constructor in one place: poll → feed (history, gauges, state) → fan-out → web.
 * {@link Main} starts one from the environment; tests start one from a {@link DashboardConfig}.
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Dashboard.class);
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private final RedisClient redis;
    private final Poller poller;
    private final Optional<KeyspaceNotifications> notifications;
    private final Optional<RedisClient> notificationClient;
    private final WebServer web;
    private final Feed feed;
    private final PrometheusMeterRegistry registry;
    private final Optional<Fleet> fleet;

    private Dashboard(RedisClient redis, Poller poller, Optional<KeyspaceNotifications> notifications,
                      Optional<RedisClient> notificationClient, WebServer web, Feed feed,
                      PrometheusMeterRegistry registry, Optional<Fleet> fleet) {
        this.fleet = fleet;
        this.redis = redis;
        this.poller = poller;
        this.notifications = notifications;
        this.notificationClient = notificationClient;
        this.web = web;
        this.feed = feed;
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
        DashboardMeters meters = new DashboardMeters(registry);
        History history = new History(config.historyCapacity(), config.history(), config.pollInterval());
        Fanout fanout = new Fanout(meters);
        Frames frames = new Frames(mapper, config.outputKey(), config.history().toMinutes(),
                config.pollInterval().toMillis());
        Feed feed = new Feed(history, fanout, frames, new OutputGauges(registry), meters,
                config.redis().address(), config.outputKey(), clock);
        meters.gauge("fnpulse.dashboard.redis.up", "1 while the last poll reached Redis", () -> feed.redisUp() ? 1 : 0);
        meters.gauge("fnpulse.dashboard.sample.age.seconds", "seconds since the newest sample was seen",
                feed::sampleAgeSeconds);
        meters.gauge("fnpulse.dashboard.ws.clients", "browsers connected to /ws", feed::browsers);
        Liveness liveness = new Liveness(registry, clock);
        Optional<Fleet> fleet = fleetConfig.map(f -> Fleet.start(f, config.redis().connect(), liveness, registry,
                mapper, clock));
        WebServer web = WebServer.start(config.port(), feed, fanout, frames, registry, clock, liveness, fleet);

        RedisClient redis = config.redis().newClient(REDIS_TIMEOUT);
        Backoff backoff = new Backoff(min(FIRST_RETRY, config.pollInterval()),
                max(LONGEST_RETRY, config.pollInterval()));
        Poller poller = new Poller(new RedisReader(redis, config.outputKey(), config.statusKey()),
                new OutputParser(mapper, config.outputKey()), new StatusParser(mapper), config.pollInterval(),
                backoff, clock, feed);

        Optional<RedisClient> notificationClient = Optional.empty();
        Optional<KeyspaceNotifications> notifications = Optional.empty();
        if (config.trigger() == Trigger.NOTIFY) {
            RedisClient pubsub = config.redis().newClient(REDIS_TIMEOUT);
            KeyspaceNotifications listener = new KeyspaceNotifications(pubsub, config.outputKey(), poller::wakeUp,
                    new Backoff(FIRST_RETRY, Duration.ofSeconds(5)));
            meters.gauge("fnpulse.dashboard.notify.subscribed",
                    "1 while subscribed to keyspace notifications for the output key",
                    () -> listener.subscribed() ? 1 : 0);
            notificationClient = Optional.of(pubsub);
            notifications = Optional.of(listener);
        }

        poller.start();
        notifications.ifPresent(KeyspaceNotifications::start);
        return new Dashboard(redis, poller, notifications, notificationClient, web, feed, registry, fleet);
    }

    public int port() {
        return web.port();
    }

    public Feed feed() {
        return feed;
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
        poller.close();
        fleet.ifPresent(Fleet::close);
        web.close();
        notificationClient.ifPresent(RedisClient::close);
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
