package io.fnpulse.dashboard.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.lifecycle.SupervisedLoop;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.BoundedStream;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * The fleet view: one supervised loop ("fleet") that keeps the host list and every host's samples, and the endpoints
 * the fleet page reads: {@code GET /api/hosts}, {@code GET /api/fleet?minutes=} and
 * {@code GET /api/fleet/host?host=&since=}.
 */
public final class Fleet implements AutoCloseable {

    private static final Duration FIRST_RETRY = Duration.ofMillis(250);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    private static final long DEFAULT_MINUTES = 15;

    private final FleetConfig config;
    private final UnifiedJedis redis;
    private final FleetView view;
    private final SupervisedLoop loop;
    private final ObjectMapper mapper;

    private Fleet(FleetConfig config, UnifiedJedis redis, FleetView view, SupervisedLoop loop, ObjectMapper mapper) {
        this.config = config;
        this.redis = redis;
        this.view = view;
        this.loop = loop;
        this.mapper = mapper;
    }

    /** Starts the loop on {@code redis}, which the fleet then owns and closes. */
    public static Fleet start(
            FleetConfig config,
            UnifiedJedis redis,
            Liveness liveness,
            MeterRegistry registry,
            ObjectMapper mapper,
            Clock clock) {
        HostDirectory directory =
                new HostDirectory(new HostScan(redis, config.pattern(), config.maxHosts()), config.maxHosts());
        // a turn waits at most a scan interval, and each batch read and the scan beat or fail within the timeout
        Duration every = config.scanInterval()
                .plus(config.pollInterval())
                .plus(LONGEST_RETRY)
                .multipliedBy(2);
        Heartbeat heartbeat = liveness.loop("fleet", every);
        BoundedReader reader = new BoundedReader(redis);
        FleetSampler sampler = new FleetSampler(
                config, directory, reader, new BoundedStream(redis, config.maxValueBytes()), mapper, clock, heartbeat);
        Gauge.builder("fnpulse.dashboard.fleet.hosts", directory, d -> d.hosts().size())
                .description("Hosts the fleet view watches: outputs matching the pattern, at most MAX_HOSTS")
                .register(registry);
        Gauge.builder("fnpulse.dashboard.fleet.capped", directory, d -> d.capped() ? 1 : 0)
                .description("1 while more hosts match the pattern than MAX_HOSTS")
                .register(registry);
        SupervisedLoop loop = SupervisedLoop.start(heartbeat, sampler::turn, new Backoff(FIRST_RETRY, LONGEST_RETRY));
        return new Fleet(config, redis, new FleetView(config, sampler, directory, clock, reader, mapper), loop, mapper);
    }

    public FleetConfig config() {
        return config;
    }

    /** Adds the fleet's endpoints to the dashboard's web server. */
    public void routes(JavalinConfig javalin) {
        javalin.routes.get("/api/hosts", ctx -> json(ctx, view.hosts()));
        javalin.routes.get("/api/fleet", ctx -> json(ctx, view.overview(minutes(ctx))));
        javalin.routes.get("/api/fleet/host", ctx -> {
            String host = ctx.queryParam("host");
            if (host == null || host.isEmpty()) {
                throw new BadRequestResponse("host=<suffix> is required");
            }
            json(
                    ctx,
                    view.host(host, since(ctx))
                            .orElseThrow(() -> new NotFoundResponse("no host " + host + " in " + config.pattern())));
        });
    }

    private void json(Context ctx, Object answer) {
        try {
            ctx.contentType("application/json")
                    .header("Cache-Control", "no-store")
                    .result(mapper.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long minutes(Context ctx) {
        String value = ctx.queryParam("minutes");
        if (value == null) {
            return DEFAULT_MINUTES;
        }
        try {
            long minutes = Long.parseLong(value);
            if (minutes >= 1 && minutes <= 7 * 24 * 60) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestResponse("minutes: a whole number from 1 to 10080");
    }

    private static long since(Context ctx) {
        String value = ctx.queryParam("since");
        if (value == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestResponse("since: epoch milliseconds");
        }
    }

    @Override
    public void close() {
        loop.close();
        redis.close();
    }
}
