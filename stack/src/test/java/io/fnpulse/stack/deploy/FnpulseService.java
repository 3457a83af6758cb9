package io.fnpulse.stack.deploy;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.monitor.MonitorConfig;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Our three services as the deployment files see them: their image, the variables their code reads and the port
 * their code listens on, found by running the services' own configuration parsers on an environment.
 */
enum FnpulseService {
    RUNTIME("runtime", Set.copyOf(RuntimeConfig.VARIABLES)) {
        @Override
        int listeningPort(Map<String, String> env) {
            return RuntimeConfig.fromEnv(new Env(env)).httpPort();
        }
    },
    MONITOR("monitor", Set.copyOf(MonitorConfig.VARIABLES)) {
        @Override
        int listeningPort(Map<String, String> env) {
            return MonitorConfig.fromEnv(new Env(env)).httpPort();
        }
    },
    DASHBOARD(
            "dashboard",
            withRedis(
                    DashboardConfig.PORT,
                    DashboardConfig.OUTPUT_KEY,
                    DashboardConfig.POLL_INTERVAL,
                    DashboardConfig.HISTORY_MINUTES,
                    DashboardConfig.STATUS_KEY,
                    DashboardConfig.TRIGGER,
                    DashboardConfig.MAX_VALUE_BYTES,
                    io.fnpulse.dashboard.fleet.FleetConfig.MAX_HOSTS,
                    DashboardConfig.LISTEN_ADDRESS,
                    io.fnpulse.dashboard.auth.SignInConfig.USERS_FILE,
                    io.fnpulse.dashboard.auth.SignInConfig.TOKEN_FILE,
                    io.fnpulse.dashboard.auth.SignInConfig.METRICS_SIGN_IN)) {
        @Override
        int listeningPort(Map<String, String> env) {
            return DashboardConfig.fromEnv(new Env(env)).port();
        }
    };

    static final String IMAGE_PREFIX = "ghcr.io/fnpulse/";
    /** Read by the JVM itself, not by our code; the images set them (LANG: file.encoding and sun.jnu.encoding). */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "LANG");

    private final String module;
    private final Set<String> variables;

    FnpulseService(String module, Set<String> variables) {
        this.module = module;
        this.variables = variables;
    }

    /** The port the service listens on with this environment; also validates it as the service does at start. */
    abstract int listeningPort(Map<String, String> env);

    String module() {
        return module;
    }

    String imageRepository() {
        return IMAGE_PREFIX + module;
    }

    String jarName() {
        return "fnpulse-" + module + ".jar";
    }

    String dockerfile() {
        return "docker/" + module + ".Dockerfile";
    }

    boolean reads(String variable) {
        return variables.contains(variable) || JVM_VARIABLES.contains(variable);
    }

    static Optional<FnpulseService> ofImage(String image) {
        String repository = image.replaceFirst(":[^:/]+$", "");
        return Stream.of(values())
                .filter(service -> service.imageRepository().equals(repository))
                .findFirst();
    }

    private static Set<String> withRedis(String... own) {
        return Set.copyOf(Stream.concat(
                        Stream.of(own),
                        List.of(
                                RedisSettings.HOST,
                                RedisSettings.PORT,
                                RedisSettings.USERNAME,
                                RedisSettings.PASSWORD,
                                RedisSettings.PASSWORD_FILE,
                                RedisSettings.TLS,
                                "LOG_LEVEL")
                                .stream())
                .toList());
    }
}
