package io.fnpulse.stack.author.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.python.PythonSettings;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.stack.author.cli.Arguments;
import io.fnpulse.stack.author.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The options every author's command shares to say which function to run, read into a {@link FunctionRequest}. */
public final class Functions {

    public static final String HANDLER = "--handler";
    public static final String TIMEOUT = "--timeout";

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private Functions() {}

    /**
     * @param env     the process environment: REDIS_HOST, REDIS_PORT, REDIS_INPUT_KEY and REDIS_OUTPUT_KEY for what
     *                the context says, CODE_CACHE_DIR for the compile cache, PYTHON for a Python function, as the
     *                runtime reads them
     * @param input   the input key the context names, where the command knows better than the environment
     */
    public static FunctionRequest request(
            Arguments args, Env env, Map<String, Object> startEnv, Optional<String> input, Optional<String> output) {
        Path file = Path.of(args.single("function (a .java file, a .jar, a .py module or a .zip)"));
        if (!Files.isRegularFile(file)) {
            throw new UsageException(file + ": no such file");
        }
        Duration timeout = args.seconds(TIMEOUT, Duration.ofMillis(10), Duration.ofHours(1))
                .orElse(RuntimeConfig.DEFAULT_HANDLER_TIMEOUT);
        try {
            FunctionRequest.ContextValues context = new FunctionRequest.ContextValues(
                    env.string(RedisSettings.HOST, "localhost"),
                    env.port(RedisSettings.PORT, 6379),
                    input.orElseGet(() -> env.string(RuntimeConfig.REDIS_INPUT_KEY, "metrics")),
                    output.or(() -> env.optional(RuntimeConfig.REDIS_OUTPUT_KEY))
                            .orElse(null));
            Path codeCache = Path.of(env.string(
                    RuntimeConfig.CODE_CACHE_DIR,
                    RuntimeConfig.defaultCodeCacheDir().toString()));
            return new FunctionRequest(
                    file,
                    args.option(HANDLER),
                    timeout,
                    startEnv,
                    context,
                    codeCache,
                    env.string(RuntimeConfig.PYTHON, PythonSettings.DEFAULT_INTERPRETER));
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * A saved env: a file holding one JSON object, as the state key's {@code env} holds it (for a Python function, the
     * typed form {@code --env-out} writes).
     */
    public static Map<String, Object> savedEnv(Path file, ObjectMapper json) {
        try {
            return json.readValue(Files.readString(file), MAP);
        } catch (JsonProcessingException e) {
            throw new UsageException(file + ": not a JSON object, so not a saved env (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read it: " + e);
        }
    }
}
