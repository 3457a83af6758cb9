package io.fnpulse.runtime;

import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.HandlerSpec;
import io.fnpulse.runtime.python.PythonSettings;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.config.LogLevel;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.text.Bytes;
import io.fnpulse.service.text.Seconds;
import io.fnpulse.service.time.Durations;
import io.fnpulse.service.trigger.TriggerMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the runtime is told through its environment, read once at start and validated: the settings of the
 * process here, the keys of the instances it serves in {@link KeySettings}, who it is in {@link Replica}. The variable
 * names and defaults live here and nowhere else; the README's configuration table mirrors this file.
 *
 * @param python         PYTHON: checked at start when FUNCTION_PATH is a Python module
 * @param maxAttempts    TRIGGER=stream: failed calls of one entry before it goes to the dead letters
 * @param callsLogLength the calls log's approximate length; 0 keeps none
 * @param outputHistory  the output history's age; zero keeps none
 */
public record RuntimeConfig(
        RedisSettings redis,
        KeySettings keys,
        Replica replica,
        TriggerMode trigger,
        Duration pollInterval,
        CodeSettings code,
        PythonSettings python,
        Duration handlerTimeout,
        Duration leaseDuration,
        long maxInputBytes,
        int poisonRetries,
        int maxAttempts,
        long callsLogLength,
        int captureBytes,
        Duration outputHistory,
        int httpPort) {

    public static final String REDIS_INPUT_KEY = "REDIS_INPUT_KEY";
    public static final String REDIS_OUTPUT_KEY = "REDIS_OUTPUT_KEY";
    public static final String POLL_INTERVAL_SECONDS = "POLL_INTERVAL_SECONDS";
    public static final String INTERVAL = "INTERVAL";
    public static final String FUNCTION_PATH = "FUNCTION_PATH";
    public static final String FUNCTION_ZIP = "FUNCTION_ZIP";
    public static final String FUNCTION_HANDLER = "FUNCTION_HANDLER";
    public static final String FUNCTION_ZIP_SHA256 = CodeSettings.SHA256_VARIABLE;
    public static final String FUNCTION_ZIP_FOLLOW_REDIRECTS = "FUNCTION_ZIP_FOLLOW_REDIRECTS";
    public static final String FUNCTION_DOWNLOAD_TIMEOUT_SECONDS = "FUNCTION_DOWNLOAD_TIMEOUT_SECONDS";
    public static final String FUNCTION_URL_CHECK_SECONDS = "FUNCTION_URL_CHECK_SECONDS";
    public static final String CODE_CACHE_DIR = "CODE_CACHE_DIR";
    public static final String HANDLER_TIMEOUT_SECONDS = "HANDLER_TIMEOUT_SECONDS";
    public static final String TRIGGER = "TRIGGER";
    public static final String STATE_KEY = "STATE_KEY";
    public static final String STATUS_KEY = "STATUS_KEY";
    public static final String LEASE_SECONDS = "LEASE_SECONDS";
    public static final String MAX_INPUT_BYTES = "MAX_INPUT_BYTES";
    public static final String POISON_RETRIES = "POISON_RETRIES";
    public static final String HTTP_PORT = "HTTP_PORT";
    public static final String REDIS_INPUT_STREAM = "REDIS_INPUT_STREAM";
    public static final String FUNCTION_GROUP = "FUNCTION_GROUP";
    public static final String MAX_ATTEMPTS = "MAX_ATTEMPTS";
    public static final String CALLS_LOG_LENGTH = "CALLS_LOG_LENGTH";
    public static final String CAPTURE_BYTES = "CAPTURE_BYTES";
    public static final String OUTPUT_HISTORY_MINUTES = "OUTPUT_HISTORY_MINUTES";
    public static final String PYTHON = PythonSettings.VARIABLE;

    /** Every variable the runtime reads, for tests that check manifests and the README against the code. */
    public static final List<String> VARIABLES = List.of(
            RedisSettings.HOST,
            RedisSettings.PORT,
            RedisSettings.USERNAME,
            RedisSettings.PASSWORD,
            RedisSettings.PASSWORD_FILE,
            RedisSettings.TLS,
            RedisSettings.TIMEOUT,
            RedisSettings.SENTINELS,
            RedisSettings.SENTINEL_MASTER,
            RedisSettings.CLUSTER,
            RedisSettings.NODES,
            REDIS_INPUT_KEY,
            REDIS_OUTPUT_KEY,
            POLL_INTERVAL_SECONDS,
            INTERVAL,
            FUNCTION_PATH,
            FUNCTION_ZIP,
            FUNCTION_HANDLER,
            FUNCTION_ZIP_SHA256,
            FUNCTION_ZIP_FOLLOW_REDIRECTS,
            FUNCTION_DOWNLOAD_TIMEOUT_SECONDS,
            FUNCTION_URL_CHECK_SECONDS,
            CODE_CACHE_DIR,
            HANDLER_TIMEOUT_SECONDS,
            TRIGGER,
            STATE_KEY,
            STATUS_KEY,
            LEASE_SECONDS,
            MAX_INPUT_BYTES,
            POISON_RETRIES,
            HTTP_PORT,
            REDIS_INPUT_STREAM,
            FUNCTION_GROUP,
            MAX_ATTEMPTS,
            CALLS_LOG_LENGTH,
            CAPTURE_BYTES,
            OUTPUT_HISTORY_MINUTES,
            PYTHON,
            LogLevel.VARIABLE);

    /** FUNCTION_PATH when unset, unless the course's Python module is there instead (see {@link #functionPath}). */
    public static final String DEFAULT_FUNCTION_PATH = "/opt/usermodule.java";
    /** Where the course's image found the function: FUNCTION_PATH when unset, if it exists and the .java does not. */
    public static final String COURSE_FUNCTION_PATH = "/opt/usermodule.py";

    public static final long DEFAULT_MAX_INPUT_BYTES = 16 * Bytes.MIB;
    /** HANDLER_TIMEOUT_SECONDS when unset; also the deadline of a call in the test kit and ./fnpulse invoke. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(30);
    /** CAPTURE_BYTES when unset: what a call may print to each stream that is kept with it. */
    public static final int DEFAULT_CAPTURE_BYTES = (int) (8 * Bytes.KIB);

    /** CODE_CACHE_DIR when unset: the compile cache, shared by every runtime and ./fnpulse verb on the machine. */
    public static Path defaultCodeCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "fnpulse-code");
    }

    private static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final List<TriggerMode> TRIGGERS = List.of(TriggerMode.POLL, TriggerMode.NOTIFY, TriggerMode.STREAM);

    public static RuntimeConfig fromEnv(Env env) {
        LogLevel.fromEnv(env);
        RedisSettings redis = RedisSettings.fromEnv(env);
        TriggerMode trigger = trigger(env);
        long callsLogLength = env.integer(CALLS_LOG_LENGTH, 1000, 0, 1_000_000);
        Duration outputHistory = Duration.ofMinutes(env.integer(OUTPUT_HISTORY_MINUTES, 60, 0, 7 * 24 * 60));
        KeySettings keys = KeySettings.fromEnv(
                env, redis.cluster(), trigger == TriggerMode.STREAM, callsLogLength > 0, !outputHistory.isZero());
        CodeSettings code = codeSettings(env);
        return new RuntimeConfig(
                redis,
                keys,
                Replica.fromEnv(env),
                trigger,
                env.seconds(List.of(POLL_INTERVAL_SECONDS, INTERVAL), Duration.ofSeconds(5), MIN_INTERVAL, HOUR),
                code,
                python(env, code),
                env.seconds(HANDLER_TIMEOUT_SECONDS, DEFAULT_HANDLER_TIMEOUT, Duration.ofMillis(10), HOUR),
                lease(env, redis),
                env.bytes(MAX_INPUT_BYTES, DEFAULT_MAX_INPUT_BYTES, Bytes.KIB, 512 * Bytes.MIB),
                env.integer(POISON_RETRIES, 1, 1, 100),
                env.integer(MAX_ATTEMPTS, 3, 1, 100),
                callsLogLength,
                (int) env.bytes(CAPTURE_BYTES, DEFAULT_CAPTURE_BYTES, 0, Bytes.MIB),
                outputHistory,
                env.integer(HTTP_PORT, 8080, 0, 65_535));
    }

    /** The output key as given (for a pattern, what each instance's output key starts with); empty: results logged. */
    public Optional<String> outputKey() {
        return keys.outputKey();
    }

    /** The lease must outlast a Redis timeout: a renewal that times out must leave time for the next one. */
    private static Duration lease(Env env, RedisSettings redis) {
        Duration lease =
                env.seconds(LEASE_SECONDS, Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofMinutes(10));
        if (lease.compareTo(Durations.times(redis.timeout(), 2)) < 0) {
            throw new ConfigException(
                    LEASE_SECONDS,
                    Seconds.of(lease),
                    "at least twice REDIS_TIMEOUT_SECONDS (" + Seconds.of(redis.timeout())
                            + " s), so that a renewal that times out leaves time for the next one: "
                            + Seconds.of(Durations.times(redis.timeout(), 2))
                            + " or more, or a lower REDIS_TIMEOUT_SECONDS");
        }
        return lease;
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
                functionPath(env, Path.of(DEFAULT_FUNCTION_PATH), Path.of(COURSE_FUNCTION_PATH)),
                env.optional(FUNCTION_ZIP),
                handler,
                path(env, CODE_CACHE_DIR, defaultCodeCacheDir().toString()),
                env.seconds(FUNCTION_DOWNLOAD_TIMEOUT_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1), HOUR),
                env.seconds(FUNCTION_URL_CHECK_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1), HOUR),
                env.optional(FUNCTION_ZIP_SHA256),
                env.bool(FUNCTION_ZIP_FOLLOW_REDIRECTS, false));
    }

    /**
     * FUNCTION_PATH, or when unset {@code java}, unless {@code python} exists and {@code java} does not: the course's
     * image ran {@code /opt/usermodule.py}, and its manifests mount the function there.
     */
    static Path functionPath(Env env, Path java, Path python) {
        if (env.optional(FUNCTION_PATH).isPresent()) {
            return path(env, FUNCTION_PATH, DEFAULT_FUNCTION_PATH);
        }
        return CodeSettings.defaultFunctionPath(java, python);
    }

    /** PYTHON, run once to check it when the function is a Python module; for a zip, when Python code first loads. */
    private static PythonSettings python(Env env, CodeSettings code) {
        String interpreter = env.string(PYTHON, PythonSettings.DEFAULT_INTERPRETER);
        return code.isPythonModule() ? PythonSettings.check(interpreter) : PythonSettings.unchecked(interpreter);
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
        return TriggerMode.parse(value, TRIGGERS)
                .orElseThrow(() -> new ConfigException(TRIGGER, value, TriggerMode.describe(TRIGGERS)));
    }
}
