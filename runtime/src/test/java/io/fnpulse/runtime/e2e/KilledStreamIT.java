package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * A node that dies is not the stream's fault: the real jar with the metrics function from source, on 2,000 stream
 * entries that arrive while it is killed with SIGKILL ten times at random moments (mid-run, mid-commit, between
 * entries) and started again as Kubernetes would, leaves exactly what an uninterrupted runtime leaves on the same
 * entries: the same outputs in the output history, the same env, the same calls log and the same dead letters (those
 * of the entries the function refuses, and no poison input). The failure settings are the defaults.
 */
@ExtendWith(RedisExtension.class)
class KilledStreamIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final int ENTRIES = 2000;
    private static final int KILLS = 10;
    private static final Duration LONG = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void killedTenTimesAtRandomWithTheDefaultSettingsItLeavesWhatAnUninterruptedRunLeaves(TestRedis redis)
            throws Exception {
        redis.client().configSet("notify-keyspace-events", "K$t");
        List<String> entries = snapshots();
        Path function = Functions.copy(
                ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java"),
                dir.resolve("function/MetricsFunction.java"));

        append(redis, "calm-in:stream", entries);
        try (RuntimeJar calm = RuntimeJar.start("stream-calm", env(redis, function, "calm"))) {
            await().atMost(LONG).until(() -> handled(redis, "calm") >= ENTRIES);
        }

        long seed = System.nanoTime();
        Random random = new Random(seed);
        AtomicReference<Throwable> producerFailed = new AtomicReference<>();
        // Each life of the runtime (ten killed, the last one not) lets the producer append its share of the entries,
        // so that whatever the machine's speed every kill falls while entries still arrive
        AtomicInteger lives = new AtomicInteger();
        int share = (ENTRIES + KILLS) / (KILLS + 1);
        Thread producer = new Thread(() -> {
            try {
                // in bursts of 10, 80 entries a second: they arrive through every kill, and pile up while the
                // runtime is down
                for (int i = 0; i < ENTRIES; i += 10) {
                    while (i >= lives.get() * share) {
                        Thread.sleep(20);
                    }
                    append(redis, "kill-in:stream", entries.subList(i, Math.min(ENTRIES, i + 10)));
                    Thread.sleep(125);
                }
            } catch (Throwable e) {
                producerFailed.set(e);
            }
        });
        Map<String, String> env = env(redis, function, "kill");
        producer.start();
        List<String> killedAt = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            long before = handled(redis, "kill");
            RuntimeJar runtime = RuntimeJar.start("stream-kill-" + kill, env);
            lives.incrementAndGet();
            // at a random moment once it has committed something: the entry it died with last is behind it then,
            // so that no entry is in flight at three kills in a row, which would blame it (as it should)
            await().atMost(LONG).until(() -> handled(redis, "kill") > before);
            Thread.sleep(random.nextInt(1200));
            killedAt.add(handled(redis, "kill") + " handled");
            runtime.process().kill();
            runtime.close();
        }
        try (RuntimeJar last = RuntimeJar.start("stream-kill-last", env)) {
            lives.set(KILLS + 1);
            producer.join();
            assertThat(producerFailed.get()).isNull();
            await().atMost(LONG).until(() -> handled(redis, "kill") >= ENTRIES);
            assertThat(last.process().isAlive()).isTrue();
        }

        String context = "seed " + seed + ", killed at " + killedAt;
        assertThat(redis.client().xpending("kill-in:stream", "kill-out").getTotal())
                .as(context)
                .isZero();
        assertThat(fields(redis, "kill-out:history", "data"))
                .as("every output, in order, once: " + context)
                .hasSize(fields(redis, "calm-out:history", "data").size())
                .isEqualTo(fields(redis, "calm-out:history", "data"));
        assertThat(redis.client().get("kill-out")).isEqualTo(redis.client().get("calm-out"));
        assertThat(JSON.readTree(redis.client().get("kill-out:env")).path("env"))
                .as("the env: each entry applied once, in order")
                .isEqualTo(JSON.readTree(redis.client().get("calm-out:env")).path("env"));
        List<String> calls = calls(redis, "kill");
        assertThat(calls).as("the calls log: " + context).isEqualTo(calls(redis, "calm"));
        assertThat(calls).noneMatch(call -> call.endsWith("poison_input"));
        assertThat(deadLetters(redis, "kill"))
                .as("the dead letters: those of the entries the function refuses, no more")
                .hasSize(ENTRIES / 250)
                .isEqualTo(deadLetters(redis, "calm"));
    }

    private static Map<String, String> env(TestRedis redis, Path function, String prefix) {
        Map<String, String> env = RuntimeJar.keys(
                RuntimeJar.baseEnv(redis, function), prefix, "io.fnpulse.function.MetricsFunction::handle");
        env.put("TRIGGER", "stream");
        env.put("CALLS_LOG_LENGTH", "100000"); // every call kept, to compare them all
        env.put("CODE_CACHE_DIR", function.getParent().resolveSibling("code").toString());
        return env;
    }

    /**
     * The recorded stream, looped to 2,000 snapshots five seconds apart (so the moving averages keep a full minute),
     * every 250th missing a required key, which the function refuses (a dead letter after three attempts).
     */
    private static List<String> snapshots() throws IOException {
        List<String> recorded = Files.readAllLines(ProjectFiles.resolve("data/metrics-stream.jsonl"));
        LocalDateTime start = LocalDateTime.of(2026, 12, 1, 0, 0, 5, 123_456_000);
        List<String> snapshots = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            ObjectNode snapshot = (ObjectNode) JSON.readTree(recorded.get(i % recorded.size()));
            snapshot.put("timestamp", TIMESTAMP.format(start.plusSeconds(5L * i)));
            if (i % 250 == 249) {
                snapshot.remove("virtual_memory-total");
            }
            snapshots.add(snapshot.toString());
        }
        return snapshots;
    }

    private static void append(TestRedis redis, String stream, List<String> data) {
        try (var pipeline = redis.client().pipelined()) {
            for (String snapshot : data) {
                pipeline.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("data", snapshot));
            }
            pipeline.sync();
        }
    }

    /** Entries done with: called to an output or a dead letter and acknowledged, as the calls log tells. */
    private static long handled(TestRedis redis, String prefix) {
        return redis.client().xlen(prefix + "-out:history") + redis.client().xlen(prefix + "-out:dead");
    }

    private static List<String> fields(TestRedis redis, String stream, String field) {
        return redis.client().xrange(stream, (StreamEntryID) null, null).stream()
                .map(entry -> entry.getFields().get(field))
                .toList();
    }

    /** Each entry of the input stream by its position: the two runs read the same data under different IDs. */
    private static Map<String, Integer> positions(TestRedis redis, String prefix) {
        Map<String, Integer> positions = new HashMap<>();
        List<StreamEntry> entries = redis.client().xrange(prefix + "-in:stream", (StreamEntryID) null, null);
        for (int i = 0; i < entries.size(); i++) {
            positions.put(entries.get(i).getID().toString(), i);
        }
        return positions;
    }

    /** The calls log as "position digest outcome" lines. */
    private static List<String> calls(TestRedis redis, String prefix) {
        return byPosition(
                redis,
                prefix,
                "-out:calls",
                call -> call.path("inputDigest").asText() + " "
                        + call.path("outcome").asText());
    }

    /** The dead letters as "position error attempts" lines. */
    private static List<String> deadLetters(TestRedis redis, String prefix) {
        return byPosition(
                redis,
                prefix,
                "-out:dead",
                letter -> letter.at("/error/type").asText() + ": "
                        + letter.at("/error/message").asText() + " "
                        + letter.path("attempts").asInt());
    }

    /** Each entry of an output stream as a line: the position of the input entry it names, then what it says. */
    private static List<String> byPosition(
            TestRedis redis, String prefix, String stream, Function<JsonNode, String> describe) {
        Map<String, Integer> positions = positions(redis, prefix);
        return fields(redis, prefix + stream, "data").stream()
                .map(KilledStreamIT::read)
                .map(node -> positions.get(node.path("streamId").asText()) + " " + describe.apply(node))
                .toList();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
