package io.fnpulse.stack;

import io.fnpulse.runtime.load.HandlerSpec;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the local stack is asked to do: command-line options for the run, the environment for where Redis is and
 * which ports to use.
 *
 * @param externalRedis where an existing Redis is, when {@code REDIS_HOST} is set; otherwise an embedded one runs
 * @param redisPort     the port of the embedded Redis (REDIS_PORT, default 6379; a free one if taken)
 * @param replay        {@code --replay FILE}: feed this recorded stream instead of the live monitor
 * @param function      {@code --function FILE}: this function (a .java file, a .jar, a .py module or a .zip) in
 *                      place of the metrics function
 * @param handler       {@code --handler H}: its FUNCTION_HANDLER; absent, the runtime's default for that file
 * @param interval      {@code --interval SECONDS}: how often a snapshot is published (monitor or replay)
 * @param dashboardPort {@code PORT}, default 53004
 * @param outputKey     {@code REDIS_OUTPUT_KEY}, default {@code metrics-output}
 * @param workDir       where the function's source and the compile cache go; kept between runs so the second
 *                      start skips the compiler
 */
public record StackConfig(
        Optional<RedisSettings> externalRedis,
        int redisPort,
        Optional<Path> replay,
        Optional<Path> function,
        Optional<String> handler,
        Duration interval,
        int dashboardPort,
        String outputKey,
        Path workDir) {

    public static final String USAGE = """
            usage: ./fnpulse [--replay FILE] [--interval SECONDS] [--function FILE [--handler H]]
              --replay FILE       publish the snapshots of FILE (one JSON object a line) in a loop instead of
                                  this host's live metrics, e.g. --replay data/metrics-stream.jsonl
              --interval SECONDS  seconds between snapshots (default 5)
              --function FILE     run this function (a .java file, a .jar, a .py module or a .zip) instead of
                                  the metrics function; --handler H: its FUNCTION_HANDLER,
                                  [package.]Class[::method], for Python module.function or module:function
            the function author's commands: ./fnpulse new | invoke | replay (./fnpulse <command> --help)
            environment: REDIS_HOST/REDIS_PORT (an existing Redis; unset: an embedded one), PORT (dashboard,
            default 53004), REDIS_OUTPUT_KEY (default metrics-output)""";

    public static StackConfig from(List<String> args, Env env) {
        Optional<Path> replay = Optional.empty();
        Optional<Path> function = Optional.empty();
        Optional<String> handler = Optional.empty();
        Duration interval = Duration.ofSeconds(5);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--replay" -> {
                    Path file = Path.of(valueAfter(args, i++));
                    if (!Files.isReadable(file)) {
                        throw new ConfigException(
                                "--replay", file.toString(), "a readable file of JSON snapshots, one a line");
                    }
                    replay = Optional.of(file);
                }
                case "--function" -> {
                    Path file = Path.of(valueAfter(args, i++));
                    String name = file.getFileName().toString();
                    if (!Files.isReadable(file)
                            || !(name.endsWith(".java")
                                    || name.endsWith(".jar")
                                    || name.endsWith(".zip")
                                    || name.endsWith(".py"))) {
                        throw new ConfigException(
                                "--function",
                                file.toString(),
                                "a readable .java source file, .jar, .py module or .zip");
                    }
                    function = Optional.of(file.toAbsolutePath());
                }
                case "--handler" -> {
                    String spec = valueAfter(args, i++);
                    try {
                        HandlerSpec.parse(spec);
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(
                                "--handler", spec, e.getMessage().replaceFirst("^expected ", ""));
                    }
                    handler = Optional.of(spec);
                }
                case "--interval" ->
                    interval = new Env(java.util.Map.of("--interval", valueAfter(args, i++)))
                            .seconds("--interval", interval, Duration.ofMillis(100), Duration.ofHours(1));
                default ->
                    throw new ConfigException(
                            arg,
                            null,
                            "one of --replay FILE, --interval SECONDS, --function FILE, --handler H\n" + USAGE);
            }
        }
        if (handler.isPresent() && function.isEmpty()) {
            throw new ConfigException(
                    "--handler", handler.get(), "to come with --function FILE, whose handler it names");
        }
        Optional<RedisSettings> external = env.optional(RedisSettings.HOST).map(host -> RedisSettings.fromEnv(env));
        return new StackConfig(
                external,
                env.port(RedisSettings.PORT, 6379),
                replay,
                function,
                handler,
                interval,
                env.port("PORT", 53_004),
                outputKey(env),
                defaultWorkDir());
    }

    /** Where {@code ./fnpulse} keeps its work: the function's source, the compile cache, the Redis users. */
    public static Path defaultWorkDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "fnpulse-stack");
    }

    /** The embedded Redis's ACL rules name the key, and a rule ends at a blank. */
    private static String outputKey(Env env) {
        String key = env.string("REDIS_OUTPUT_KEY", "metrics-output");
        if (key.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("REDIS_OUTPUT_KEY", key, "a key with no blank");
        }
        return key;
    }

    private static String valueAfter(List<String> args, int index) {
        if (index + 1 >= args.size()) {
            throw new ConfigException(args.get(index), null, "a value after " + args.get(index) + "\n" + USAGE);
        }
        return args.get(index + 1);
    }
}
