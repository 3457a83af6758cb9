package io.fnpulse.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.dashboard.RunningDashboard;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The sign-in as a browser and a machine meet it: every page, asset, API and the WebSocket upgrade need a user of the
 * htpasswd file or the token; the probes and /metrics stay open; a wrong password is answered late, counted, and
 * never written to the log.
 */
@ExtendWith(RedisExtension.class)
class SignInTest {

    private static final String PASSWORD = "correct horse battery";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void everyPageApiAndAssetNeedsTheSignInButTheProbesAndMetrics(TestRedis redis) throws Exception {
        try (RunningDashboard dashboard = start(redis, Map.of())) {
            for (String path : new String[] {"/", "/app.js", "/style.css", "/api/latest", "/api/history"}) {
                HttpResponse<String> refused = dashboard.get(path);
                assertThat(refused.statusCode()).as(path).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate"))
                        .contains("Basic realm=\"fnpulse dashboard\", charset=\"UTF-8\"");
                assertThat(refused.headers().firstValue("Content-Security-Policy"))
                        .isPresent();
                assertThat(dashboard
                                .get(path, "Authorization", basic("ada", PASSWORD))
                                .statusCode())
                        .as(path)
                        .isEqualTo(200);
            }
            assertThat(dashboard.get("/healthz").statusCode()).isEqualTo(200);
            assertThat(dashboard.get("/readyz").statusCode()).isIn(200, 503);
            assertThat(dashboard.get("/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theWebSocketUpgradeNeedsTheSignInToo(TestRedis redis) throws Exception {
        try (RunningDashboard dashboard = start(redis, Map.of())) {
            URI ws = URI.create(dashboard.url("/ws").replace("http:", "ws:"));
            HttpClient client = HttpClient.newHttpClient();
            assertThatThrownBy(() -> client.newWebSocketBuilder()
                            .buildAsync(ws, new WebSocket.Listener() {})
                            .join())
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e)
                                    .getResponse()
                                    .statusCode())
                            .isEqualTo(401));
            WebSocket open = client.newWebSocketBuilder()
                    .header("Authorization", basic("ada", PASSWORD))
                    .buildAsync(ws, new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS);
            open.abort();
        }
    }

    @Test
    void aMachineSignsInWithTheBearerToken(TestRedis redis) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        try (RunningDashboard dashboard = start(redis, Map.of(SignInConfig.TOKEN_FILE, token.toString()))) {
            assertThat(dashboard
                            .get("/api/latest", "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(dashboard
                            .get("/api/latest", "Authorization", "Bearer " + TOKEN.replace('0', '1'))
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void metricsGoBehindTheSignInWhenAsked(TestRedis redis) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), TOKEN);
        try (RunningDashboard dashboard =
                start(redis, Map.of(SignInConfig.TOKEN_FILE, token.toString(), SignInConfig.METRICS_SIGN_IN, "true"))) {
            assertThat(dashboard.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(dashboard
                            .get("/metrics", "Authorization", "Bearer " + TOKEN)
                            .statusCode())
                    .isEqualTo(200);
            assertThat(dashboard.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aWrongPasswordIsAnsweredLateCountedAndNeverLogged(TestRedis redis) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SignIn.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (RunningDashboard dashboard = start(redis, Map.of())) {
            long first = System.nanoTime();
            assertThat(dashboard
                            .get("/", "Authorization", basic("ada", "wrong-guess-1"))
                            .statusCode())
                    .isEqualTo(401);
            long firstMillis = (System.nanoTime() - first) / 1_000_000;
            long second = System.nanoTime();
            assertThat(dashboard
                            .get("/", "Authorization", basic("ada", "wrong-guess-2"))
                            .statusCode())
                    .isEqualTo(401);
            long secondMillis = (System.nanoTime() - second) / 1_000_000;
            assertThat(dashboard
                            .get("/", "Authorization", basic("wrong-guess-3", PASSWORD))
                            .statusCode())
                    .isEqualTo(401);

            assertThat(firstMillis)
                    .as("the first refusal waits a quarter of a second")
                    .isGreaterThanOrEqualTo(250);
            assertThat(secondMillis).as("the next one waits twice as long").isGreaterThanOrEqualTo(500);
            assertThat(dashboard.metric("fnpulse_dashboard_sign_in_refused_total", "reason=\"wrong_password\""))
                    .isEqualTo(2);
            assertThat(dashboard.metric("fnpulse_dashboard_sign_in_refused_total", "reason=\"unknown_user\""))
                    .isEqualTo(1);
            assertThat(log.list).hasSize(1);
            String line = log.list.get(0).getFormattedMessage();
            assertThat(line).contains("sign-in refused for", "wrong password for user 'ada'");
            assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage))
                    .noneMatch(message -> message.contains("wrong-guess") || message.contains(PASSWORD));

            assertThat(dashboard
                            .get("/", "Authorization", basic("ada", PASSWORD))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void listeningBeyondLoopbackWithNoSignInSaysSoOnceAtStart(TestRedis redis) {
        Logger logger = (Logger) LoggerFactory.getLogger(SignIn.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            try (RunningDashboard open =
                    RunningDashboard.start(RunningDashboard.config(redis, "k", Duration.ofSeconds(1)))) {
                assertThat(open.get("/").statusCode()).isEqualTo(200);
            }
            assertThat(log.list)
                    .singleElement()
                    .satisfies(event -> assertThat(event.getFormattedMessage())
                            .contains(
                                    "listening on 0.0.0.0:",
                                    "beyond loopback, with no sign-in",
                                    "DASHBOARD_USERS_FILE"));
            log.list.clear();
            Map<String, String> loopback = new HashMap<>(env(redis));
            loopback.put(DashboardConfig.LISTEN_ADDRESS, "127.0.0.1");
            try (RunningDashboard local = RunningDashboard.start(
                    DashboardConfig.fromEnv(new Env(loopback)).withPort(0))) {
                assertThat(local.get("/").statusCode()).isEqualTo(200);
            }
            assertThat(log.list).isEmpty();
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void aUsersFileThatIsMissingOrNotBcryptStopsTheDashboardNamingIt(TestRedis redis) throws Exception {
        Map<String, String> missing = new HashMap<>(env(redis));
        missing.put(SignInConfig.USERS_FILE, dir.resolve("nope/htpasswd").toString());
        assertThatThrownBy(() -> DashboardConfig.fromEnv(new Env(missing)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("DASHBOARD_USERS_FILE='" + dir.resolve("nope/htpasswd") + "' is not valid");
        Map<String, String> plain = new HashMap<>(env(redis));
        plain.put(
                SignInConfig.USERS_FILE,
                Files.writeString(dir.resolve("plain"), "ada:secret\n").toString());
        assertThatThrownBy(() -> DashboardConfig.fromEnv(new Env(plain)))
                .hasMessageContaining("bcrypt hashes only")
                .hasMessageNotContaining("secret\n");
    }

    private RunningDashboard start(TestRedis redis, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(env(redis));
        env.put(
                SignInConfig.USERS_FILE,
                UsersFiles.fromJava(dir, "ada", PASSWORD).toString());
        env.putAll(extra);
        return RunningDashboard.start(DashboardConfig.fromEnv(new Env(env)).withPort(0));
    }

    private static Map<String, String> env(TestRedis redis) {
        return Map.of(
                "REDIS_HOST",
                redis.host(),
                "REDIS_PORT",
                Integer.toString(redis.port()),
                "REDIS_OUTPUT_KEY",
                "sign-in-test",
                "POLL_INTERVAL_SECONDS",
                "1");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
