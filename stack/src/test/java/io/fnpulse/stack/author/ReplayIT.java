package io.fnpulse.stack.author;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.service.text.Digest;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.data.JsonNumbers;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/**
 * {@code ./fnpulse replay} against a real Redis: the recorded stream's entries through the metrics function, each
 * output paired with the one recorded for the same entry, and nothing written. The history entries are written here
 * as the runtime writes them ({@code data}, {@code streamId}, {@code inputDigest}); ReplayRuntimeIT lets the real
 * runtime write them.
 */
@ExtendWith(RedisExtension.class)
class ReplayIT {

    private static final String METRICS_FUNCTION = "function/src/main/java/io/fnpulse/function/MetricsFunction.java";
    private static final String STREAM = "metrics:stream";
    private static final String HISTORY = "metrics-output:history";

    @TempDir
    Path dir;

    private TestRedis redis;
    private final List<String> entryIds = new ArrayList<>();

    @BeforeEach
    void recordTheStreamAndWhatTheRunningFunctionWrote(TestRedis redis) {
        this.redis = redis;
        RedisClient client = redis.client();
        client.flushAll();
        List<String> inputs = ProjectFiles.metricsStream();
        List<String> outputs = ProjectFiles.expectedOutput();
        for (String input : inputs) {
            entryIds.add(client.xadd(STREAM, XAddParams.xAddParams(), Map.of("data", input))
                    .toString());
        }
        // the runtime's history: one entry per output, newest inputs first here, so pairing by position would fail
        for (int i = inputs.size() - 1; i >= 0; i--) {
            client.xadd(
                    HISTORY,
                    XAddParams.xAddParams(),
                    new HistoryEntry(outputs.get(i), Digest.ofText(inputs.get(i)), Optional.of(entryIds.get(i)))
                            .fields());
        }
    }

    private AuthorCommand replay(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        return AuthorCommand.jar(all)
                .in(ProjectFiles.root())
                .env("REDIS_HOST", redis.host())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("CODE_CACHE_DIR", dir.resolve("cache").toString());
    }

    @Test
    void theSameFunctionMatchesWhatTheRunningOneRecordedForEachEntry() {
        Map<String, String> before = snapshotOfRedis();
        AuthorCommand.Result result = replay(METRICS_FUNCTION, "--stream", STREAM, "--compare", HISTORY)
                .run();
        assertThat(result.exit()).as(result.toString()).isZero();
        List<String> expected = ProjectFiles.expectedOutput();
        assertThat(result.stdoutLines()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            JsonNumbers.assertClose(expected.get(i), result.stdoutLines().get(i), 1e-9, "entry " + (i + 1));
        }
        assertThat(result.stderr())
                .contains("compared 150 outputs with those in " + HISTORY + " for the same entries of " + STREAM
                        + "; 0 entries have no recorded output")
                .contains("no output differs beyond the tolerance");
        assertThat(snapshotOfRedis()).as("replay writes nothing").isEqualTo(before);
    }

    @Test
    void thePythonMetricsFunctionMatchesWhatTheJavaOneRecorded() {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/python3")),
                "python3 is not installed at /usr/bin/python3: skipped");
        AuthorCommand.Result result = replay(
                        "function/src/main/python/metrics_function.py", "--stream", STREAM, "--compare", HISTORY)
                .env("PYTHON", "/usr/bin/python3")
                .run();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.stdoutLines()).hasSize(150);
        assertThat(result.stderr())
                .containsPattern("metrics_function:handler from \\S+ \\(\\w+, Python 3\\.")
                .contains("compared 150 outputs with those in " + HISTORY)
                .contains("no output differs beyond the tolerance");
    }

    @Test
    void aVersionThatDiffersOnOneKeyExitsOneNamingTheKeyAndTheFirstEntry() throws Exception {
        String source = Files.readString(ProjectFiles.resolve(METRICS_FUNCTION));
        String changed = source.replace(
                "result.put(\"percentage_memory_caching\", caching);",
                "result.put(\"percentage_memory_caching\", caching == null ? null : caching * 1.01);");
        assertThat(changed).isNotEqualTo(source);
        Path function = TestCode.write(dir.resolve("MetricsFunction.java"), changed);
        AuthorCommand.Result result = replay(function.toString(), "--stream", STREAM, "--compare", HISTORY)
                .run();
        System.out.println(result.stderr());
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        String firstEntry = entryIds.get(0);
        assertThat(result.stderr())
                .contains("1 key differs beyond the tolerance: percentage_memory_caching (first at entry " + firstEntry
                        + ")")
                .containsPattern("percentage_memory_caching +0\\.\\d+ +0\\.00990\\d* +entry " + firstEntry
                        + ": recorded 26\\.74560546875, now 27\\.01306");
        assertThat(result.stderr()).containsPattern("percentage_outgoing_bytes +0 +0 +-");
    }

    @Test
    void aReadOnlyUserIsAllItTakes() {
        redis.client()
                .sendCommand(
                        Protocol.Command.ACL,
                        "SETUSER",
                        "replayer",
                        "reset",
                        "on",
                        ">secret",
                        "~*",
                        "+@read",
                        "+@connection");
        try {
            AuthorCommand.Result result = replay(METRICS_FUNCTION, "--stream", STREAM, "--compare", HISTORY)
                    .env("REDIS_USERNAME", "replayer")
                    .env("REDIS_PASSWORD", "secret")
                    .run();
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.stdoutLines()).hasSize(150);
        } finally {
            redis.client().sendCommand(Protocol.Command.ACL, "DELUSER", "replayer");
        }
    }

    @Test
    void countTakesTheLastEntries() {
        AuthorCommand.Result result = replay(
                        METRICS_FUNCTION, "--stream", STREAM, "--count", "20", "--compare", HISTORY)
                .run();
        assertThat(result.stdoutLines()).hasSize(20);
        assertThat(result.stderr()).contains("entries of " + STREAM).contains("compared 20 outputs");
        // from an empty env, the last 20 snapshots' moving averages start over: they differ from what ran
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("moving_average_cpu_percent-0 (first at entry " + entryIds.get(130));
    }

    @Test
    void aHistoryWhoseEntriesNameNoInputComparesNothingAndSaysWhy() {
        redis.client().del(HISTORY);
        redis.client().xadd(HISTORY, XAddParams.xAddParams(), Map.of("data", "{\"x\":1}"));
        AuthorCommand.Result result = replay(METRICS_FUNCTION, "--stream", STREAM, "--compare", HISTORY)
                .run();
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr())
                .contains("nothing was compared")
                .contains("that names its input (streamId, inputDigest)");
    }

    @Test
    void aKeyThatIsNotAStreamIsAUsageError() {
        redis.client().set("plain", "x");
        AuthorCommand.Result result =
                replay(METRICS_FUNCTION, "--stream", "plain").run();
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.stderr()).contains("--stream plain: a string, not a stream in Redis");
    }

    @Test
    void aRefusedLoginOfTheLocalStacksReaderSaysHowToNameAnotherRedis() throws Exception {
        assumeTrue(
                List.of("127.0.0.1", "localhost").contains(redis.host()),
                "with no REDIS_HOST replay dials localhost; this Redis is at " + redis.host());
        // a local stack's users, as ./fnpulse leaves them; the Redis on that port has no such user
        Path users = Files.createDirectories(dir.resolve("tmp/fnpulse-stack/redis-users"));
        Files.writeString(users.resolve("fnpulse-reader"), "not-this-redis");
        AuthorCommand.Result result = AuthorCommand.jar("replay", METRICS_FUNCTION, "--stream", STREAM)
                .in(ProjectFiles.root())
                .env("REDIS_PORT", Integer.toString(redis.port()))
                .env("CODE_CACHE_DIR", dir.resolve("cache").toString())
                .env("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + dir.resolve("tmp"))
                .run();

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr())
                .contains("no REDIS_HOST given: the local stack's Redis, as fnpulse-reader")
                .contains("Redis refused the login (WRONGPASS")
                .contains("; if this is not the local stack's Redis, name it with REDIS_HOST (and REDIS_USERNAME,"
                        + " REDIS_PASSWORD_FILE if it wants a login)");
    }

    /** Every key with its type and content: what a command that writes nothing leaves as it was. */
    private Map<String, String> snapshotOfRedis() {
        RedisClient client = redis.client();
        Map<String, String> keys = new TreeMap<>();
        for (String key : client.keys("*")) {
            String type = client.type(key);
            String content = type.equals("stream")
                    ? client.xlen(key) + " entries, last "
                            + client.xrevrange(key, (StreamEntryID) null, null, 1)
                                    .get(0)
                                    .getID()
                    : type.equals("string") ? client.get(key) : type;
            keys.put(key, type + ": " + content);
        }
        Map<String, String> withSize = new LinkedHashMap<>(keys);
        withSize.put("(dbsize)", Long.toString(client.dbSize()));
        return withSize;
    }
}
