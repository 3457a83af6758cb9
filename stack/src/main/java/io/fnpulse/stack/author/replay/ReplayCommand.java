package io.fnpulse.stack.author.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.RuntimeConfig;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.redis.RedisProblem;
import io.fnpulse.service.redis.RedisSettings;
import io.fnpulse.service.text.Bytes;
import io.fnpulse.service.text.Digest;
import io.fnpulse.stack.StackConfig;
import io.fnpulse.stack.author.cli.Arguments;
import io.fnpulse.stack.author.cli.CallReport;
import io.fnpulse.stack.author.cli.UsageException;
import io.fnpulse.stack.author.function.AuthorFunction;
import io.fnpulse.stack.author.function.Functions;
import io.fnpulse.stack.redis.LocalUsers;
import io.fnpulse.testkit.Call;
import io.fnpulse.testkit.Failure;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * {@code ./fnpulse replay}: the entries of an input stream fed through a function from an empty env, in order, the
 * outputs printed as {@code invoke} prints them; with {@code --compare <output key>:history}, each output set
 * against the one the running function recorded for the same entry. It only ever reads from Redis.
 */
public final class ReplayCommand {

    public static final String USAGE = """
            usage: ./fnpulse replay <function> --stream KEY [--count N | --since DURATION]
                                    [--compare HISTORY_KEY] [--tolerance REL] [--handler H] [--timeout SECONDS]
              <function>        a .java source file, a .jar, a .py module or a .zip, loaded as the runtime loads it
              --stream KEY      the input stream, e.g. metrics:stream (entries with a field data)
              --count N         its last N entries; --since DURATION: those of the last 90s, 15m, 2h, 1d;
                                neither: every entry
              --compare KEY     an output history, e.g. metrics-output:history: each output against the one
                                recorded for the same entry; exit 1 when any differs beyond the tolerance
              --tolerance REL   relative tolerance for numbers (default 1e-9)
            Redis: the runtime's REDIS_* settings (REDIS_HOST, REDIS_PORT, REDIS_USERNAME, REDIS_PASSWORD, ...);
            none of them given, the local stack's Redis (./fnpulse) as its read-only user fnpulse-reader;
            nothing is written to it.""";

    /** Settings that name a Redis, or a login to it: with none of them, the local stack's is meant. */
    private static final List<String> NAMING_A_REDIS = List.of(
            RedisSettings.HOST,
            RedisSettings.USERNAME,
            RedisSettings.PASSWORD,
            RedisSettings.PASSWORD_FILE,
            RedisSettings.SENTINELS,
            RedisSettings.CLUSTER,
            RedisSettings.NODES);

    private static final String STREAM = "--stream";
    private static final String COUNT = "--count";
    private static final String SINCE = "--since";
    private static final String COMPARE = "--compare";
    private static final String TOLERANCE = "--tolerance";
    private static final String DEFAULT_TOLERANCE = "1e-9";

    private final PrintStream out;
    private final PrintStream err;
    private final Env env;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ReplayCommand(PrintStream out, PrintStream err, Env env, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    /**
     * The REDIS_* settings as given; where they name no Redis and the local stack wrote its users, that stack's Redis
     * as {@code fnpulse-reader} (the stack's Redis refuses anyone without a user, and replay only reads).
     */
    private Env redisEnv() {
        if (namesARedis()) {
            return env;
        }
        Path users = StackConfig.defaultWorkDir().resolve(LocalUsers.FOLDER);
        return LocalUsers.passwordFile(users, LocalUsers.READER)
                .map(file -> {
                    err.println("fnpulse replay: no REDIS_HOST given: the local stack's Redis, as " + LocalUsers.READER
                            + " (password in " + file + ")");
                    return env.with(RedisSettings.USERNAME, LocalUsers.READER)
                            .with(RedisSettings.PASSWORD_FILE, file.toString());
                })
                .orElse(env);
    }

    /**
     * How to name another Redis, after a login that no setting asked for (the local stack's reader's, assumed) was
     * refused; else nothing.
     */
    private String hint(RedisProblem problem, RedisSettings settings) {
        if (namesARedis() || settings.username().isEmpty() || problem.kind() != RedisProblem.Kind.LOGIN_REFUSED) {
            return "";
        }
        return "; if this is not the local stack's Redis, name it with " + RedisSettings.HOST + " (and "
                + RedisSettings.USERNAME + ", " + RedisSettings.PASSWORD_FILE + " if it wants a login)";
    }

    /** Whether a setting names a Redis or a login to it; without one, the local stack's Redis is meant. */
    private boolean namesARedis() {
        return NAMING_A_REDIS.stream().anyMatch(name -> env.optional(name).isPresent());
    }

    /** @return the exit code */
    public int run(List<String> argList) {
        Arguments args = Arguments.parse(
                argList, Set.of(Functions.HANDLER, Functions.TIMEOUT, STREAM, COUNT, SINCE, COMPARE, TOLERANCE), USAGE);
        String stream = args.option(STREAM).orElseThrow(() -> args.error("--stream KEY is required"));
        if (args.has(COUNT) && args.has(SINCE)) {
            throw args.error("give --count or --since, not both");
        }
        Optional<Integer> count = args.option(COUNT).map(value -> positive(args, COUNT, value));
        Optional<Duration> since = args.option(SINCE).map(value -> ReplayWindow.parse(args, value));
        String toleranceText = args.option(TOLERANCE).orElse(DEFAULT_TOLERANCE);
        double tolerance = tolerance(args, toleranceText);
        RedisSettings settings;
        try {
            settings = RedisSettings.fromEnv(redisEnv());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        try (UnifiedJedis redis = settings.connect()) {
            StreamReader entries = new StreamReader(redis, stream);
            requireStream(redis, stream, STREAM);
            Optional<StreamReader> history = args.option(COMPARE).map(key -> {
                requireStream(redis, key, COMPARE);
                return new StreamReader(redis, key);
            });
            long loading = System.nanoTime();
            try (AuthorFunction function = AuthorFunction.load(Functions.request(
                    args,
                    env,
                    Map.of(),
                    Optional.of(inputKeyOf(stream)),
                    args.option(COMPARE).map(key -> key.replaceFirst(":history$", ""))))) {
                Duration loaded = Duration.ofNanos(System.nanoTime() - loading);
                return replay(function, entries, history, count, since, tolerance, toleranceText, loaded);
            }
        } catch (JedisException e) {
            RedisProblem problem = RedisProblem.of(e);
            err.println("fnpulse replay: " + problem.describe() + " (" + settings + ")" + hint(problem, settings));
            return 2;
        }
    }

    private int replay(
            AuthorFunction function,
            StreamReader entries,
            Optional<StreamReader> history,
            Optional<Integer> count,
            Optional<Duration> since,
            double tolerance,
            String toleranceText,
            Duration loaded) {
        CallReport report = new CallReport(out, err, false);
        Optional<String> end = entries.lastId();
        if (end.isEmpty()) {
            err.println("fnpulse replay: " + entries.key() + " has no entries");
            return 1;
        }
        long startedAt = System.nanoTime();
        List<StreamEntry> batch = count.map(n -> entries.last(n, end.get())).orElse(null);
        String start = batch != null
                ? (batch.isEmpty() ? "-" : batch.get(0).getID().toString())
                : since.map(window -> (clock.millis() - window.toMillis()) + "-0")
                        .orElse("-");
        Optional<RecordedOutputs> recorded = history.map(reader -> RecordedOutputs.read(reader, start));
        Optional<Comparison> comparison = recorded.map(r -> new Comparison(tolerance, toleranceText, json));
        Consumer<StreamEntry> each = entry -> {
            String id = entry.getID().toString();
            String data = entry.getFields().get("data");
            Call call;
            if (data == null) {
                call = badEntry(id, entries.key(), "has no field data, which must hold the JSON object");
            } else if (tooLarge(data)) {
                call = badEntry(
                        id,
                        entries.key(),
                        "holds " + Bytes.describe(data.getBytes(StandardCharsets.UTF_8).length)
                                + " of data, more than MAX_INPUT_BYTES ("
                                + Bytes.describe(RuntimeConfig.DEFAULT_MAX_INPUT_BYTES) + "); the runtime would not"
                                + " read it");
            } else {
                call = function.call(data);
            }
            report.print("entry " + id, call);
            comparison.ifPresent(compare -> recorded.get()
                    .forEntry(id, entry.getID().getTime(), data == null ? "" : Digest.ofText(data))
                    .ifPresentOrElse(before -> compare.compare(id, before, call.outputJson()), compare::unrecorded));
        };
        if (batch != null) {
            batch.forEach(each);
        } else {
            entries.forEach(start, end.get(), each);
        }
        report.flush();
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
        err.println("fnpulse replay: " + report.summary() + "; " + report.calls() + " entries of " + entries.key()
                + " in " + CallReport.seconds(took) + "; loaded " + function.describe() + " in "
                + CallReport.seconds(loaded));
        if (comparison.isEmpty()) {
            return report.anyFailed() ? 1 : 0;
        }
        Comparison compare = comparison.get();
        compare.report(entries.key(), history.get().key()).forEach(line -> err.println("fnpulse replay: " + line));
        if (compare.compared() == 0) {
            err.println("fnpulse replay: nothing was compared: no entry has an output recorded in "
                    + history.get().key()
                    + (recorded.get().entries() > 0 && !recorded.get().namesInputs()
                            ? " that names its input (streamId, inputDigest): it was written by a runtime that does"
                                    + " not record them"
                            : ""));
            return 1;
        }
        return compare.differs() || report.anyFailed() ? 1 : 0;
    }

    /** Over MAX_INPUT_BYTES in UTF-8; measured only when it may be (a character is at most 3 bytes of it). */
    private static boolean tooLarge(String data) {
        return data.length() * 3L > RuntimeConfig.DEFAULT_MAX_INPUT_BYTES
                && data.getBytes(StandardCharsets.UTF_8).length > RuntimeConfig.DEFAULT_MAX_INPUT_BYTES;
    }

    /** The input key a stream belongs to, as the runtime names them: {@code metrics} for {@code metrics:stream}. */
    private static String inputKeyOf(String stream) {
        return stream.endsWith(":stream") ? stream.substring(0, stream.length() - ":stream".length()) : stream;
    }

    /** An entry the runtime would not call the function with: to its dead letters, as a bad input. */
    private static Call badEntry(String id, String stream, String problem) {
        return new Call(
                Optional.empty(),
                Map.of(),
                "",
                "",
                Optional.of(new Failure(
                        "bad_input",
                        InvalidInputException.class.getName(),
                        "stream entry " + id + " of " + stream + " " + problem,
                        "")),
                Duration.ZERO);
    }

    private static void requireStream(UnifiedJedis redis, String key, String option) {
        String type = redis.type(key);
        if (!type.equals("stream")) {
            throw new UsageException(option + " " + key + ": "
                    + (type.equals("none") ? "no such key" : "a " + type + ", not a stream")
                    + " in Redis");
        }
    }

    private static int positive(Arguments args, String option, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw args.error(option + " " + value + ": expected a whole number above 0");
    }

    private static double tolerance(Arguments args, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number >= 0 && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw args.error("--tolerance " + value + ": expected a relative tolerance such as 1e-9 (0 or more)");
    }
}
