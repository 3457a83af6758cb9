package io.fnpulse.stack;

import io.fnpulse.dashboard.Dashboard;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.monitor.MonitorService;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.RuntimeService;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.redis.RedisUsers;
import io.fnpulse.service.text.Seconds;
import io.fnpulse.stack.redis.LocalRedis;
import io.fnpulse.stack.redis.LocalUsers;
import io.fnpulse.stack.replay.Replay;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * fnpulse on one machine: Redis, the monitor (or a replay), the runtime running the metrics function compiled
 * from its source (or the author's function), and the dashboard, each in this process except Redis. Parts start in that order and stop in
 * the reverse one; one line tells about each.
 */
public final class LocalStack implements AutoCloseable {

    private static final String METRICS_KEY = "metrics";
    /** Every snapshot is also appended here and the runtime reads it with TRIGGER=stream: a restart loses none. */
    private static final String METRICS_STREAM = METRICS_KEY + ":stream";

    private static final String HANDLER = "io.fnpulse.function.MetricsFunction::handle";

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final PrintStream out;
    private int dashboardPort;

    private LocalStack(PrintStream out) {
        this.out = out;
    }

    public static LocalStack start(StackConfig config, PrintStream out) {
        LocalStack stack = new LocalStack(out);
        try {
            stack.startParts(config);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startParts(StackConfig config) {
        Users users = config.externalRedis().map(Users::external).orElseGet(() -> localRedis(config));
        config.externalRedis().ifPresent(external -> say("redis      using %s", external));
        Map<String, String> redisEnv = redisEnv(users.monitor());

        if (config.replay().isPresent()) {
            RedisClient client = users.monitor().newClient();
            parts.push(client);
            Replay replay = Replay.start(config.replay().get(), client, METRICS_KEY, METRICS_STREAM, config.interval());
            parts.push(replay);
            say(
                    "replay     %d snapshots of %s to '%s' and stream '%s', one every %s s, in a loop",
                    replay.size(), config.replay().get(), METRICS_KEY, METRICS_STREAM, Seconds.of(config.interval()));
        } else {
            Map<String, String> env = new HashMap<>(redisEnv);
            env.put(MonitorConfig.METRICS_KEY, METRICS_KEY);
            env.put(MonitorConfig.METRICS_STREAM, METRICS_STREAM);
            env.put(MonitorConfig.INTERVAL, Seconds.of(config.interval()));
            env.put(MonitorConfig.HTTP_PORT, "0");
            MonitorService monitor = MonitorService.start(MonitorConfig.fromEnv(new Env(env)));
            parts.push(monitor);
            say(
                    "monitor    this host's metrics to '%s' and stream '%s' every %s s (health on port %d)",
                    METRICS_KEY, METRICS_STREAM, Seconds.of(config.interval()), monitor.httpPort());
        }

        Path function = config.function().orElseGet(() -> functionSource(config.workDir()));
        Optional<String> handler = config.function().isPresent() ? config.handler() : Optional.of(HANDLER);
        Map<String, String> runtimeEnv = new HashMap<>(redisEnv(users.runtime()));
        runtimeEnv.put(RuntimeConfig.REDIS_INPUT_KEY, METRICS_KEY);
        runtimeEnv.put(RuntimeConfig.REDIS_OUTPUT_KEY, config.outputKey());
        runtimeEnv.put(
                function.toString().endsWith(".zip") ? RuntimeConfig.FUNCTION_ZIP : RuntimeConfig.FUNCTION_PATH,
                function.toString());
        handler.ifPresent(spec -> runtimeEnv.put(RuntimeConfig.FUNCTION_HANDLER, spec));
        runtimeEnv.put(
                RuntimeConfig.CODE_CACHE_DIR,
                config.workDir().resolve("code-cache").toString());
        runtimeEnv.put(RuntimeConfig.TRIGGER, "stream");
        runtimeEnv.put(RuntimeConfig.REDIS_INPUT_STREAM, METRICS_STREAM);
        runtimeEnv.put(RuntimeConfig.HTTP_PORT, "0");
        RuntimeService runtime = RuntimeService.start(RuntimeConfig.fromEnv(new Env(runtimeEnv)));
        parts.push(runtime);
        say(
                "runtime    %s from %s: every entry of stream '%s' -> '%s' (health on port %d)",
                handler.orElse("the handler"), function, METRICS_STREAM, config.outputKey(), runtime.httpPort());

        Map<String, String> dashboardEnv = new HashMap<>(redisEnv(users.dashboard()));
        dashboardEnv.put("REDIS_OUTPUT_KEY", config.outputKey());
        // This machine only: the page is open to whoever can reach the port, and ./fnpulse asks for no sign-in.
        dashboardEnv.put(DashboardConfig.LISTEN_ADDRESS, LocalRedis.HOST);
        dashboardEnv.put("PORT", Integer.toString(config.dashboardPort()));
        dashboardEnv.put("TRIGGER", "notify");
        Dashboard dashboard = Dashboard.start(DashboardConfig.fromEnv(new Env(dashboardEnv)));
        parts.push(dashboard);
        dashboardPort = dashboard.port();
        say("dashboard  charts of '%s'", config.outputKey());
    }

    /** How each part logs in to Redis: as its own ACL user on the embedded one, as told on yours. */
    private record Users(RedisSettings monitor, RedisSettings runtime, RedisSettings dashboard) {
        static Users external(RedisSettings redis) {
            return new Users(redis, redis, redis);
        }
    }

    /** The embedded Redis, with the ACL users of the standalone overlay, each part logging in as its own. */
    private Users localRedis(StackConfig config) {
        LocalUsers users = LocalUsers.create(config.workDir().resolve(LocalUsers.FOLDER), config.outputKey());
        LocalRedis local = LocalRedis.start(config.redisPort(), users.aclFile());
        parts.push(local);
        say(
                "redis      embedded redis-server on %s:%d (keyspace notifications on; an ACL user per part, passwords"
                        + " in %s: redis-cli -p %d --user %s --pass \"$(cat %s)\")",
                LocalRedis.HOST,
                local.port(),
                users.folder(),
                local.port(),
                LocalUsers.ADMIN,
                users.folder().resolve(LocalUsers.ADMIN));
        return new Users(
                as(local, RedisUsers.MONITOR, users),
                as(local, RedisUsers.RUNTIME, users),
                as(local, RedisUsers.DASHBOARD, users));
    }

    private static RedisSettings as(LocalRedis redis, String user, LocalUsers users) {
        return new RedisSettings(
                LocalRedis.HOST,
                redis.port(),
                Optional.of(user),
                Optional.of(users.password(user)),
                false,
                RedisSettings.DEFAULT_TIMEOUT);
    }

    public int dashboardPort() {
        return dashboardPort;
    }

    private static Map<String, String> redisEnv(RedisSettings redis) {
        Map<String, String> env = new HashMap<>();
        env.put(RedisSettings.HOST, redis.host());
        env.put(RedisSettings.PORT, Integer.toString(redis.port()));
        redis.username().ifPresent(user -> env.put(RedisSettings.USERNAME, user));
        redis.password().ifPresent(password -> env.put(RedisSettings.PASSWORD, password));
        env.put(RedisSettings.TLS, Boolean.toString(redis.tls()));
        return env;
    }

    /** The metrics function's source, as the stack jar carries it, written where the runtime compiles it from. */
    private static Path functionSource(Path workDir) {
        try (InputStream source = LocalStack.class.getResourceAsStream("function/MetricsFunction.java")) {
            if (source == null) {
                throw new IllegalStateException("the stack jar has no function/MetricsFunction.java: rebuild it");
            }
            Path file = workDir.resolve("function").resolve("MetricsFunction.java");
            Files.createDirectories(file.getParent());
            Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the function's source under " + workDir, e);
        }
    }

    private void say(String format, Object... args) {
        out.println("fnpulse: " + String.format(format, args));
    }

    /** Stops the parts in the reverse order of their start; a part that fails to stop does not keep the others up. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                out.println("fnpulse: could not stop " + part.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
