package io.fnpulse.dashboard.web;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.auth.SignIn;
import io.fnpulse.dashboard.auth.SignInConfig;
import io.fnpulse.dashboard.feed.Feed;
import io.fnpulse.dashboard.fleet.Fleet;
import io.fnpulse.dashboard.history.HistoryQuery;
import io.fnpulse.dashboard.push.Fanout;
import io.fnpulse.dashboard.push.Frames;
import io.fnpulse.service.http.Readiness;
import io.fnpulse.service.lifecycle.Liveness;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP side: the page and its assets from the jar (uPlot from its WebJar), the JSON API, the
 * WebSocket, and the health and metrics endpoints, all on one port.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    public static WebServer start(
            int port,
            Feed feed,
            Fanout fanout,
            Frames frames,
            PrometheusMeterRegistry registry,
            Liveness liveness,
            Clock clock) {
        return start(port, feed, fanout, frames, registry, liveness, clock, Optional.empty());
    }

    public static WebServer start(
            int port,
            Feed feed,
            Fanout fanout,
            Frames frames,
            PrometheusMeterRegistry registry,
            Liveness liveness,
            Clock clock,
            Optional<Fleet> fleet) {
        return start(
                DashboardConfig.DEFAULT_LISTEN_ADDRESS,
                port,
                SignInConfig.off(),
                feed,
                fanout,
                frames,
                registry,
                liveness,
                clock,
                fleet);
    }

    /**
     * On {@code address}:{@code port}, behind the sign-in when it is on. With a fleet, its endpoints are added and
     * {@code /} is the fleet page.
     */
    public static WebServer start(
            String address,
            int port,
            SignInConfig signIn,
            Feed feed,
            Fanout fanout,
            Frames frames,
            PrometheusMeterRegistry registry,
            Liveness liveness,
            Clock clock,
            Optional<Fleet> fleet) {
        Assets assets = Assets.load(fleet.isPresent());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = address;
            config.jetty.port = port;
            config.jetty.threadPool = OutOfMemory.threadPool();
            config.router.javaLangErrorHandler((response, error) -> {
                OutOfMemory.exitIfCaused(error);
                log.error("a request failed with {}", error.toString(), error);
                response.setStatus(500);
            });
            config.jetty.modifyWebSocketServletFactory(factory -> factory.setIdleTimeout(Duration.ofMinutes(2)));
            config.routes.before(new SecurityHeaders());
            SignIn.install(config, signIn, registry, clock);
            for (String path : assets.paths()) {
                config.routes.get(path, assets::serve);
            }
            config.routes.get(
                    "/api/latest",
                    ctx -> json(ctx, frames.latest(feed.latest().orElse(null), feed.state(), clock.millis())));
            config.routes.get("/api/history", ctx -> json(ctx, feed.history(query(ctx))));
            config.routes.get("/healthz", ctx -> {
                Liveness.Report report = liveness.check();
                ctx.status(report.alive() ? 200 : 503).contentType("text/plain").result(report.detail() + "\n");
            });
            fleet.ifPresent(f -> f.routes(config));
            config.routes.get("/readyz", ctx -> {
                Readiness readiness = feed.readiness();
                ctx.status(readiness.ready() ? 200 : 503)
                        .contentType("text/plain")
                        .result(readiness.detail() + "\n");
            });
            config.routes.get(
                    "/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
            config.routes.wsBeforeUpgrade("/ws", WebServer::sameOrigin);
            config.routes.ws("/ws", new LiveSocket(feed, fanout, clock));
        });
        app.start();
        SignIn.warnIfOpen(address, app.port(), signIn);
        return new WebServer(app);
    }

    private static void json(Context ctx, String body) {
        ctx.contentType(JSON).header("Cache-Control", "no-store").result(body);
    }

    /**
     * Browsers send the page's origin with a WebSocket upgrade; one from another site is refused, so a page elsewhere
     * cannot read the function's status (stack traces included) through a visitor's browser. Clients that are not
     * browsers send no Origin and are let in.
     */
    private static void sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        if (authority == null || !authority.equalsIgnoreCase(ctx.header("Host"))) {
            throw new ForbiddenResponse("WebSocket from another origin: " + origin);
        }
    }

    private static HistoryQuery query(Context ctx) {
        try {
            return new HistoryQuery(
                    Since.parse(ctx.queryParam("since")),
                    Since.parse(ctx.queryParam("from")),
                    Since.parse(ctx.queryParam("to")),
                    width(ctx.queryParam("width")));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(Since.EXPECTED);
        }
    }

    /** @throws IllegalArgumentException unless absent or a whole number of pixels up to the limit */
    static int width(String width) {
        if (width == null || width.isBlank()) {
            return 0;
        }
        int pixels = Integer.parseInt(width.trim());
        if (pixels < 1 || pixels > HistoryQuery.MAX_WIDTH) {
            throw new IllegalArgumentException("width " + pixels);
        }
        return pixels;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
