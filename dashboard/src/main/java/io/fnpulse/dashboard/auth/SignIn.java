package io.fnpulse.dashboard.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's sign-in, hooked into the web server by {@link #install}: every page, asset, API and the WebSocket
 * upgrade need a user of the htpasswd file (HTTP Basic: the browser asks once and sends it with every request, the
 * WebSocket's included) or the bearer token; {@code /healthz} and {@code /readyz} stay open for the probes, and
 * {@code /metrics} for Prometheus unless {@code DASHBOARD_METRICS_SIGN_IN=true}.
 *
 * <p>A refusal is slowed ({@link Throttle}), counted in {@code fnpulse_dashboard_sign_in_refused_total{reason}} and
 * logged at most once a minute per address, naming the address, the reason and the user only when the file knows
 * them (an unknown name may be a password typed in the wrong box); a password or token is never logged.
 */
public final class SignIn {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);
    static final String REALM = "fnpulse dashboard";
    private static final Set<String> PROBES = Set.of("/healthz", "/readyz");
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final SignInConfig config;
    private final Credentials credentials;
    private final Throttle throttle;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Long> loggedAt = new ConcurrentHashMap<>();

    SignIn(SignInConfig config, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.credentials = new Credentials(config, clock);
        this.throttle = new Throttle(clock);
        this.registry = registry;
        this.clock = clock;
    }

    /** Puts the sign-in in front of every route but the open ones; nothing when sign-in is off. */
    public static void install(JavalinConfig javalin, SignInConfig config, MeterRegistry registry, Clock clock) {
        for (String reason : Credentials.REASONS) {
            refusedCounter(registry, reason);
        }
        if (!config.on()) {
            return;
        }
        SignIn signIn = new SignIn(config, registry, clock);
        javalin.routes.before(signIn::require);
        javalin.routes.wsBeforeUpgrade("/*", signIn::require);
    }

    /**
     * The one line at start when anyone who reaches the port sees everything: listening beyond loopback with no
     * sign-in.
     */
    public static void warnIfOpen(String address, int port, SignInConfig config) {
        if (config.on() || loopback(address)) {
            return;
        }
        log.warn(
                "listening on {}:{}, beyond loopback, with no sign-in: anyone who reaches this port sees every chart,"
                        + " host name and the function's errors; set {} (htpasswd -B) or {}, or LISTEN_ADDRESS=127.0.0.1",
                address,
                port,
                SignInConfig.USERS_FILE,
                SignInConfig.TOKEN_FILE);
    }

    static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    void require(Context ctx) {
        String path = ctx.path();
        if (PROBES.contains(path) || (!config.metricsSignIn() && path.equals("/metrics"))) {
            return;
        }
        Credentials.Check check = credentials.check(ctx.header("Authorization"));
        String address = ctx.ip();
        if (check instanceof Credentials.Check.Allowed) {
            throttle.passed(address);
            return;
        }
        if (check instanceof Credentials.Check.Refused refused) {
            refusedCounter(registry, refused.reason()).increment();
            Duration delay = throttle.refused(address);
            logRefusal(address, refused);
            if (!throttle.await(delay)) {
                throw new HttpResponseException(
                        HttpStatus.TOO_MANY_REQUESTS.getCode(), "too many sign-ins at once; try again later");
            }
        }
        throw challenge(ctx);
    }

    /** 401 with the scheme to use: Basic where there are users (the browser asks for them), else Bearer. */
    private HttpResponseException challenge(Context ctx) {
        ctx.header(
                "WWW-Authenticate",
                config.users().isPresent()
                        ? "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""
                        : "Bearer realm=\"" + REALM + "\"");
        return new UnauthorizedResponse("sign-in required");
    }

    private void logRefusal(String address, Credentials.Check.Refused refused) {
        long now = clock.millis();
        Long last = loggedAt.get(address);
        if (last != null && now - last < LOG_EVERY.toMillis()) {
            return;
        }
        if (loggedAt.size() > 10_000) {
            loggedAt.clear();
        }
        loggedAt.put(address, now);
        log.warn(
                "sign-in refused for {} ({}{}); {} refusal(s) from it in a row, each answered later",
                address,
                refused.reason().replace('_', ' '),
                refused.user().map(user -> " for user '" + user + "'").orElse(""),
                throttle.count(address));
    }

    private static Counter refusedCounter(MeterRegistry registry, String reason) {
        return Counter.builder("fnpulse.dashboard.sign.in.refused")
                .description("sign-ins refused, by reason (each answered after a growing delay)")
                .tag("reason", reason)
                .register(registry);
    }
}
