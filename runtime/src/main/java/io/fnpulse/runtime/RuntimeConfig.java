package io.fnpulse.runtime;

import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.HandlerSpec;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the runtime is told through its environment, read once at start and validated. The variable names
 * and defaults live here and nowhere else; the README's configuration table mirrors this file.
 */
public record RuntimeConfig(
        RedisSettings redis,
        String inputKey,
        Optional<String> outputKey,
        Duration pollInterval,
        CodeSettings code,
        Duration handlerTimeout,
        TriggerMode trigger,
        Optional<String> stateKey,
        Optional<String> statusKey,
        Optional<String> leaseKey,
        Duration leaseDuration,
        String instanceId,
        int httpPort) {

    public static final String REDIS_INPUT_KEY = "REDIS_INPUT_KEY";
    public static final String REDIS_OUTPUT_KEY = "REDIS_OUTPUT_KEY";
    public static final String POLL_INTERVAL_SECONDS = "POLL_INTERVAL_SECONDS";
    public static final String INTERVAL = "INTERVAL";
    public static final String FUNCTION_PATH = "FUNCTION_PATH";
    public static final String FUNCTION_ZIP = "FUNCTION_ZIP";
    public static final String FUNCTION_HANDLER = "FUNCTION_HANDLER";
    public static final String FUNCTION_DOWNLOAD_TIMEOUT_SECONDS = "FUNCTION_DOWNLOAD_TIMEOUT_SECONDS";
    public static final String FUNCTION_URL_CHECK_SECONDS = "FUNCTION_URL_CHECK_SECONDS";
    public static final String CODE_CACHE_DIR = "CODE_CACHE_DIR";
    public static final String HANDLER_TIMEOUT_SECONDS = "HANDLER_TIMEOUT_SECONDS";
    public static final String TRIGGER = "TRIGGER";
    public static final String STATE_KEY = "STATE_KEY";
    public static final String STATUS_KEY = "STATUS_KEY";
    public static final String LEASE_SECONDS = "LEASE_SECONDS";
    public static final String HTTP_PORT = "HTTP_PORT";

    /** Every variable the runtime reads, for tests that check manifests and the README against the code. */
    public static final List<String> VARIABLES = List.of(
            RedisSettings.HOST, RedisSettings.PORT, RedisSettings.USERNAME, RedisSettings.PASSWORD, RedisSettings.TLS,
            REDIS_INPUT_KEY, REDIS_OUTPUT_KEY, POLL_INTERVAL_SECONDS, INTERVAL, FUNCTION_PATH, FUNCTION_ZIP,
            FUNCTION_HANDLER, FUNCTION_DOWNLOAD_TIMEOUT_SECONDS, FUNCTION_URL_CHECK_SECONDS, CODE_CACHE_DIR,
            HANDLER_TIMEOUT_SECONDS, TRIGGER, STATE_KEY, STATUS_KEY, LEASE_SECONDS, HTTP_PORT, "LOG_LEVEL");

    public static final String DEFAULT_FUNCTION_PATH = "/opt/usermodule.java";

    private static final Duration MIN_INTERVAL = Duration.ofMillis(1);
    private static final Duration HOUR = Duration.ofHours(1);

    public static RuntimeConfig fromEnv(Env env) {
        RedisSettings redis = RedisSettings.fromEnv(env);
        String inputKey = env.string(REDIS_INPUT_KEY, "metrics");
        Optional<String> outputKey = env.optional(REDIS_OUTPUT_KEY);
        if (outputKey.isPresent() && outputKey.get().equals(inputKey)) {
            throw new ConfigException(REDIS_OUTPUT_KEY, outputKey.get(),
                    "a key other than REDIS_INPUT_KEY, or every result would trigger the next call");
        }
        Duration pollInterval = env.seconds(List.of(POLL_INTERVAL_SECONDS, INTERVAL), Duration.ofSeconds(5), MIN_INTERVAL, HOUR);
        Optional<String> stateKey = derivedKey(env, STATE_KEY, outputKey, ":env");
        Optional<String> statusKey = derivedKey(env, STATUS_KEY, outputKey, ":status");
        for (var named : List.of(new NamedKey(STATE_KEY, stateKey), new NamedKey(STATUS_KEY, statusKey))) {
            if (named.key().filter(key -> key.equals(inputKey) || outputKey.equals(Optional.of(key))).isPresent()) {
                throw new ConfigException(named.variable(), named.key().get(),
                        "a key other than REDIS_INPUT_KEY and REDIS_OUTPUT_KEY");
            }
        }
        return new RuntimeConfig(
                redis,
                inputKey,
                outputKey,
                pollInterval,
                codeSettings(env),
                env.seconds(HANDLER_TIMEOUT_SECONDS, Duration.ofSeconds(30), Duration.ofMillis(10), HOUR),
                trigger(env),
                stateKey,
                statusKey,
                outputKey.map(key -> key + ":lock"),
                env.seconds(LEASE_SECONDS, Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofMinutes(10)),
                instanceId(env),
                env.integer(HTTP_PORT, 8080, 0, 65_535));
    }

    private record NamedKey(String variable, Optional<String> key) {
    }

    /** {@code <output key><suffix>} by default; set to the empty string, off; without an output key, off unless set. */
    private static Optional<String> derivedKey(Env env, String variable, Optional<String> outputKey, String suffix) {
        if (env.isSetEmpty(variable)) {
            return Optional.empty();
        }
        return env.optional(variable).or(() -> outputKey.map(key -> key + suffix));
    }

    private static CodeSettings codeSettings(Env env) {
        Optional<HandlerSpec> handler = env.optional(FUNCTION_HANDLER).map(text -> {
            try {
                return HandlerSpec.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(FUNCTION_HANDLER, text, e.getMessage().replaceFirst("^expected ", ""));
            }
        });
        return new CodeSettings(
                path(env, FUNCTION_PATH, DEFAULT_FUNCTION_PATH),
                env.optional(FUNCTION_ZIP),
                handler,
                path(env, CODE_CACHE_DIR, Path.of(System.getProperty("java.io.tmpdir"), "fnpulse-code").toString()),
                env.seconds(FUNCTION_DOWNLOAD_TIMEOUT_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1), HOUR),
                env.seconds(FUNCTION_URL_CHECK_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1), HOUR));
    }

    private static Path path(Env env, String variable, String defaultValue) {
        String value = env.string(variable, defaultValue);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(variable, value, "a file system path");
        }
    }

    private static TriggerMode trigger(Env env) {
        String value = env.string(TRIGGER, "poll");
        try {
            return TriggerMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TRIGGER, value, "poll or notify");
        }
    }

    /** Who holds the lease: the pod name on Kubernetes (HOSTNAME), plus the process id. */
    private static String instanceId(Env env) {
        return env.string("HOSTNAME", "runtime") + "-" + ProcessHandle.current().pid();
    }
}
