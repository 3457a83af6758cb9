package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * TRIGGER=stream against the real jar: every entry handled once, in order, across stops and takeovers (kills:
 * {@link KilledStreamIT}); the calls log; dead letters and their redrive.
 */
@ExtendWith(RedisExtension.class)
class StreamTriggerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private TestRedis redis;

    @BeforeEach
    void notifications(TestRedis redis) {
        this.redis = redis;
        redis.client().configSet("notify-keyspace-events", "K$t");
    }

    private Map<String, String> env(String prefix) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, prefix);
        env.put("TRIGGER", "stream");
        env.put("CALLS_LOG_LENGTH", "100000");
        return env;
    }

    private void append(String stream, int from, int to) {
        try (Pipeline pipeline = redis.client().pipelined()) {
            for (int value = from; value <= to; value++) {
                pipeline.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("data", "{\"value\":" + value + "}"));
            }
            pipeline.sync();
        }
    }

    private List<Integer> seen(Probe probe) {
        List<Integer> seen = new ArrayList<>();
        JsonNode state = probe.state();
        if (state != null) {
            state.at("/env/seen").forEach(node -> seen.add(node.asInt()));
        }
        return seen;
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int value = from; value <= to; value++) {
            values.add(value);
        }
        return values;
    }

    private List<JsonNode> calls(String key) throws Exception {
        List<JsonNode> calls = new ArrayList<>();
        for (StreamEntry entry : redis.client().xrange(key, (StreamEntryID) null, null)) {
            calls.add(JSON.readTree(entry.getFields().get("data")));
        }
        return calls;
    }

    @Test
    void entriesAppendedWhileTheRuntimeWasStoppedAreAllHandledOnceInOrder() throws Exception {
        Probe probe = new Probe(redis, "backlog-in", "backlog-out");
        append("backlog-in:stream", 1, 1000);
        try (RuntimeJar runtime = RuntimeJar.start("stream-backlog", env("backlog"))) {
            await().atMost(LONG).until(() -> seen(probe).size() >= 1000);
            assertThat(seen(probe)).isEqualTo(range(1, 1000));
            assertThat(probe.output().path("value").asInt()).isEqualTo(1000);
            assertThat(probe.state().at("/env/calls").asInt())
                    .as("applied once each")
                    .isEqualTo(1000);
            assertThat(redis.client()
                            .xpending("backlog-in:stream", "backlog-out")
                            .getTotal())
                    .isZero();
            List<JsonNode> calls = calls("backlog-out:calls");
            assertThat(calls)
                    .hasSize(1000)
                    .allSatisfy(
                            call -> assertThat(call.path("outcome").asText()).isEqualTo("success"));
            assertThat(calls.get(0).path("streamId").asText()).isNotEmpty();
            await().atMost(Probe.WAIT).until(() -> runtime.metric("fnpulse_backlog_entries") == 0);
        }
    }

    @Test
    void failingEntriesLandInTheDeadLettersAndARedriveHandlesThemOnceFixed() throws Exception {
        String broken = """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Picky {
                    static final boolean FIXED = %s;
                    public Object handle(Map<String, Object> input, Context context) {
                        if (!FIXED && Boolean.TRUE.equals(input.get("odd"))) {
                            throw new IllegalArgumentException("odd values are not handled yet");
                        }
                        return Map.of("value", input.get("value"));
                    }
                }
                """;
        Path source = TestCode.write(dir.resolve("fn/Picky.java"), broken.formatted("false"));
        Map<String, String> env = RuntimeJar.keys(RuntimeJar.baseEnv(redis, source), "dead", "Picky::handle");
        env.put("TRIGGER", "stream");
        Probe probe = new Probe(redis, "dead-in", "dead-out");
        try (RuntimeJar runtime = RuntimeJar.start("stream-dead", env)) {
            for (int value = 1; value <= 6; value++) {
                redis.client()
                        .xadd(
                                "dead-in:stream",
                                StreamEntryID.NEW_ENTRY,
                                Map.of("data", "{\"value\":" + value + ",\"odd\":" + (value % 2 == 1) + "}"));
            }
            probe.awaitOutput(output -> output.path("value").asInt() == 6);
            await().atMost(Probe.WAIT).until(() -> redis.client().xlen("dead-out:dead") == 3);
            JsonNode letter = probe.firstDeadLetter();
            assertThat(letter.at("/error/message").asText()).isEqualTo("odd values are not handled yet");
            assertThat(letter.path("attempts").asInt()).isEqualTo(3);
            assertThat(letter.at("/entry/data").asText()).isEqualTo("{\"value\":1,\"odd\":true}");
            assertThat(calls("dead-out:calls").stream()
                            .filter(c -> c.path("outcome").asText().equals("function_error")))
                    .hasSize(9);

            ServiceProcess list = RuntimeJar.deadCommand(env, "list");
            assertThat(list.awaitExit(Probe.WAIT)).isZero();
            assertThat(list.output())
                    .contains("3 dead letters in dead-out:dead")
                    .contains("java.lang.IllegalArgumentException: odd values are not handled yet");

            Path next = TestCode.write(dir.resolve("fn/Picky.java.next"), broken.formatted("true"));
            Files.setLastModifiedTime(next, FileTime.from(Instant.now().plusSeconds(5)));
            Files.move(next, source, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            runtime.process().awaitLine("loaded Picky::handle .*replacing", Probe.WAIT);

            ServiceProcess redrive = RuntimeJar.deadCommand(env, "redrive", "--all");
            assertThat(redrive.awaitExit(Probe.WAIT)).isZero();
            assertThat(redrive.output()).contains("redriven");
            await().atMost(Probe.WAIT)
                    .until(() -> calls("dead-out:calls").stream()
                                    .filter(c -> c.path("outcome").asText().equals("success"))
                                    .count()
                            == 6);
            assertThat(redis.client().xlen("dead-out:dead")).isZero();
        }
    }

    @Test
    void theCallsLogKeepsWhatACallPrintedItsThreadsIncluded() throws Exception {
        String printing = """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Loud {
                    public Object handle(Map<String, Object> input, Context context) throws Exception {
                        System.out.println("hello from the call");
                        Thread helper = new Thread(() -> System.out.println("hello from its thread"));
                        helper.start();
                        helper.join();
                        System.err.println("x".repeat(20_000));
                        new Thread(() -> {
                            // prints once the test has seen the call's output written: after the call, however slow
                            java.nio.file.Path ended = java.nio.file.Path.of("%s");
                            while (!java.nio.file.Files.exists(ended)) {
                                try { Thread.sleep(20); } catch (InterruptedException e) { return; }
                            }
                            System.out.println("too late for the call");
                        }).start();
                        return Map.of("value", input.get("value"));
                    }
                }
                """;
        Path ended = dir.resolve("call-ended");
        Path source = TestCode.write(dir.resolve("fn/Loud.java"), printing.formatted(ended));
        Map<String, String> env = RuntimeJar.keys(RuntimeJar.baseEnv(redis, source), "loud", "Loud::handle");
        Probe probe = new Probe(redis, "loud-in", "loud-out");
        try (RuntimeJar runtime = RuntimeJar.start("loud", env)) {
            probe.sendValue(1);
            Files.writeString(ended, "the call's output is written");
            JsonNode call = calls("loud-out:calls").get(0);
            assertThat(call.path("stdout").asText()).isEqualTo("hello from the call\nhello from its thread\n");
            assertThat(call.path("stderr").asText())
                    .startsWith("x".repeat(8192))
                    .endsWith("…[" + (20_001 - 8192) + " more bytes]");
            assertThat(call.path("stderrTruncated").asBoolean()).isTrue();
            assertThat(call.has("stdoutTruncated")).isFalse();
            runtime.process().awaitLine("call with sha256:.* printed to stdout: hello from the call", Probe.WAIT);
            runtime.process()
                    .awaitLine(
                            "function thread .* printed to stdout after its call ended: too late for the call",
                            Probe.WAIT);
            assertThat(runtime.process().findLine("^hello from"))
                    .as("never on the runtime's output untagged")
                    .isEmpty();
        }
    }
}
