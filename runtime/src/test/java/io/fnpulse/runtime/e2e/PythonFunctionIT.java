package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * Python functions through the real jar and Debian's python3, as the course's functions are written and as they
 * misbehave: a zip of three modules with a named entry point; a call that loops forever, killed at the deadline with
 * the next input handled; one that ends its worker with {@code os._exit}, skipped as a poison input; a syntax error in
 * a new version, which leaves the old one running with the error in {@code codeError}; a run of stream entries
 * called in order, the one that ends its worker in the dead letters; a zip that turns from Java to
 * Python and back, the env passing with it; a fleet of streams, each instance with an env of its own.
 */
@ExtendWith(RedisExtension.class)
class PythonFunctionIT {

    private static final String MOODY = """
            import os

            def handler(input, context):
                action = input.get("action")
                context.env["calls"] = context.env.get("calls", 0) + 1
                if action == "loop":
                    while True:
                        pass
                if action == "exit":
                    print("leaving now")
                    os._exit(input["status"])
                return {"value": input.get("value"), "calls": context.env["calls"], "version": VERSION}

            VERSION = "%s"
            """;

    private static final String JAVA_COUNTER = """
            import io.fnpulse.api.Context;
            import io.fnpulse.api.Handler;
            import java.util.Map;

            public class Counter implements Handler {
                public Object handle(Map<String, Object> input, Context context) {
                    int calls = ((Number) context.env().getOrDefault("calls", 0)).intValue() + 1;
                    context.env().put("calls", calls);
                    Object last = context.env().get("last");
                    return Map.of("value", input.get("value"), "calls", calls, "language", "java",
                            "last", last == null ? "none" : last.toString());
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void runsAZipOfThreeModulesThroughTheEntryPointItNames(TestRedis redis) throws Exception {
        Path zip = new TestCode.Archive()
                .add("entry.py", """
                        from stats.window import mean
                        from helpers import label

                        def compute(input, context):
                            values = context.env.setdefault("values", [])
                            values.append(input["value"])
                            return {"value": input["value"], "mean": mean(values), "label": label(len(values))}

                        def handler(input, context):
                            raise AssertionError("FUNCTION_HANDLER names entry:compute")
                        """)
                .add("stats/__init__.py", "")
                .add("stats/window.py", "def mean(values):\n    return sum(values) / len(values)\n")
                .add("helpers.py", "def label(count):\n    return 'after %d' % count\n")
                .writeTo(dir.resolve("function.zip"));
        Map<String, String> env = PythonRuntime.env(redis, Path.of("/opt/usermodule.java"), "pyzip");
        env.put("FUNCTION_ZIP", zip.toString());
        env.put("FUNCTION_HANDLER", "entry:compute");
        Probe probe = new Probe(redis, "pyzip-in", "pyzip-out");

        try (RuntimeJar runtime = RuntimeJar.start("pyzip", env)) {
            probe.sendValue(2);
            JsonNode output = probe.sendValue(4);

            assertThat(output.path("mean").asDouble()).isEqualTo(3.0);
            assertThat(output.path("label").asText()).isEqualTo("after 2");
            assertThat(probe.status().path("handler").asText()).startsWith("entry:compute from " + zip);
        }
    }

    @Test
    void aCallThatLoopsForeverIsKilledAtTheDeadlineAndTheNextInputIsHandled(TestRedis redis) throws Exception {
        Map<String, String> env = PythonRuntime.env(redis, moody("one"), "pyloop");
        env.put("HANDLER_TIMEOUT_SECONDS", "1");
        Probe probe = new Probe(redis, "pyloop-in", "pyloop-out");

        try (RuntimeJar runtime = RuntimeJar.start("pyloop", env)) {
            probe.sendValue(1);
            probe.send("{\"action\":\"loop\"}");

            JsonNode status =
                    probe.awaitStatus(s -> s.at("/error/type").asText().endsWith("HandlerTimeoutException"));
            assertThat(status.at("/error/message").asText())
                    .isEqualTo("the call ran past the 1 s timeout; its Python worker was killed and is restarting");
            assertThat(probe.sendValue(2).path("calls").asInt())
                    .as("the next input handled by a new worker, from the env before the killed call")
                    .isEqualTo(2);
            assertThat(runtime.metric("fnpulse_invocations_total{outcome=\"timeout\"}"))
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_python_workers_ended_total{cause=\"killed_at_deadline\"}"))
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_python_workers_restarted_total")).isEqualTo(1);
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFunctionThatEndsItsWorkerIsSkippedAsAPoisonInputAndTheRuntimeGoesOn(TestRedis redis) throws Exception {
        Map<String, String> env = PythonRuntime.env(redis, moody("one"), "pyexit");
        Probe probe = new Probe(redis, "pyexit-in", "pyexit-out");

        try (RuntimeJar runtime = RuntimeJar.start("pyexit", env)) {
            probe.sendValue(1);
            probe.send("{\"action\":\"exit\",\"status\":7}");

            JsonNode status = probe.awaitStatus(
                    s -> "PoisonInput".equals(s.at("/error/type").asText()));
            assertThat(status.at("/error/message").asText())
                    .contains("died 1 time during calls with this input")
                    .contains("POISON_RETRIES=1")
                    .contains("the Python worker died during the call (exit code 7)");
            assertThat(probe.output().path("value").asInt())
                    .as("the last good output")
                    .isEqualTo(1);
            assertThat(probe.state().at("/env/calls").asInt())
                    .as("the env saved with the input marked handled is the last good call's")
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_invocations_total{outcome=\"poison_input\"}"))
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_poison_inputs_total")).isEqualTo(1);
            assertThat(runtime.metric("fnpulse_python_workers_ended_total{cause=\"died_in_call\"}"))
                    .isEqualTo(1);
            assertThat(probe.sendValue(2).path("calls").asInt()).isEqualTo(2);
            assertThat(runtime.process().isAlive()).isTrue();
        }
    }

    @Test
    void aRunOfStreamEntriesIsCalledInOrderAndAnEntryThatEndsTheWorkerGoesToTheDeadLetters(TestRedis redis)
            throws Exception {
        Map<String, String> env = PythonRuntime.env(redis, moody("one"), "pyrun");
        env.put("TRIGGER", "stream");
        for (String data : List.of(
                "{\"value\":1}",
                "{\"value\":2}",
                "{\"action\":\"exit\",\"status\":7}",
                "{\"value\":3}",
                "{\"value\":4}")) {
            redis.client().xadd("pyrun-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", data));
        }
        Probe probe = new Probe(redis, "pyrun-in", "pyrun-out");

        try (RuntimeJar runtime = RuntimeJar.start("pyrun", env)) {
            JsonNode last = probe.awaitOutput(output -> output.path("value").asInt() == 4);

            assertThat(last.path("calls").asInt())
                    .as("every entry called once, in order; the call whose worker died left no env")
                    .isEqualTo(4);
            assertThat(probe.state().at("/env/calls").asInt()).isEqualTo(4);
            assertThat(redis.client().xlen("pyrun-out:dead")).isEqualTo(1);
            JsonNode letter = probe.firstDeadLetter();
            assertThat(letter.at("/entry/data").asText()).isEqualTo("{\"action\":\"exit\",\"status\":7}");
            assertThat(letter.at("/error/type").asText()).isEqualTo("PoisonInput");
            assertThat(letter.at("/error/message").asText())
                    .contains("the Python worker died during the call (exit code 7)");
            assertThat(runtime.metric("fnpulse_python_workers_ended_total{cause=\"died_in_call\"}"))
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_invocations_total{outcome=\"success\"}"))
                    .isEqualTo(4);
        }
    }

    @Test
    void aSyntaxErrorInANewVersionLeavesTheOldOneRunningWithTheErrorInCodeError(TestRedis redis) throws Exception {
        Path module = moody("one");
        Map<String, String> env = PythonRuntime.env(redis, module, "pysyntax");
        Probe probe = new Probe(redis, "pysyntax-in", "pysyntax-out");

        try (RuntimeJar runtime = RuntimeJar.start("pysyntax", env)) {
            assertThat(probe.sendValue(1).path("version").asText()).isEqualTo("one");

            rewrite(module, "def handler(input, context)\n    return {}\n");
            JsonNode status = probe.awaitStatus(s -> !s.path("codeError").isNull()
                    && s.at("/codeError/message").asText().contains("SyntaxError"));
            assertThat(status.at("/codeError/message").asText())
                    .contains(module + ": SyntaxError at ")
                    .contains(module + ":1");
            assertThat(probe.sendValue(2).path("version").asText())
                    .as("the old version runs on")
                    .isEqualTo("one");
            assertThat(probe.status().at("/codeError/message").asText())
                    .as("kept in every status until the code loads again")
                    .contains("SyntaxError");
            assertThat(runtime.metric("fnpulse_code_loads_total{kind=\"compile\",outcome=\"failed\"}"))
                    .isEqualTo(1);

            rewrite(module, MOODY.formatted("two"));
            JsonNode fixed = probe.sendValue(3);
            assertThat(fixed.path("version").asText()).isEqualTo("two");
            assertThat(fixed.path("calls").asInt())
                    .as("the env carried over to the new version")
                    .isEqualTo(3);
            assertThat(probe.status().path("codeError").isNull()).isTrue();
        }
    }

    @Test
    void aZipThatTurnsFromJavaToPythonAndBackCarriesTheEnvAcross(TestRedis redis) throws Exception {
        Path zip = new TestCode.Archive().add("Counter.java", JAVA_COUNTER).writeTo(dir.resolve("function.zip"));
        Map<String, String> env = PythonRuntime.env(redis, Path.of("/opt/usermodule.java"), "pyswitch");
        env.put("FUNCTION_ZIP", zip.toString());
        Probe probe = new Probe(redis, "pyswitch-in", "pyswitch-out");

        try (RuntimeJar runtime = RuntimeJar.start("pyswitch", env)) {
            assertThat(probe.sendValue(1).path("language").asText()).isEqualTo("java");

            replace(zip, new TestCode.Archive().add("counter.py", """
                            import datetime

                            def handler(input, context):
                                context.env["calls"] = context.env.get("calls", 0) + 1
                                context.env["last"] = (input["value"], datetime.datetime(2026, 12, 8, 3, 0))
                                return {"value": input["value"], "calls": context.env["calls"], "language": "python"}
                            """).writeTo(dir.resolve("python.zip")));
            JsonNode inPython = probe.sendValue(2);
            assertThat(inPython.path("language").asText()).isEqualTo("python");
            assertThat(inPython.path("calls").asInt())
                    .as("the Java version's env, read by Python")
                    .isEqualTo(2);
            assertThat(probe.state().path("envForm").asText()).isEqualTo("python");
            assertThat(probe.state().at("/env/last/$tuple/1/$datetime").asText())
                    .isEqualTo("2026-12-08T03:00:00");

            replace(
                    zip,
                    new TestCode.Archive().add("Counter.java", JAVA_COUNTER).writeTo(dir.resolve("java.zip")));
            JsonNode backInJava = probe.sendValue(3);
            assertThat(backInJava.path("language").asText()).isEqualTo("java");
            assertThat(backInJava.path("calls").asInt()).isEqualTo(3);
            assertThat(backInJava.path("last").asText())
                    .as("the Python tuple, as JSON shows it")
                    .isEqualTo("[2, 2026-12-08T03:00:00]");
            assertThat(probe.state().has("envForm"))
                    .as("saved as plain JSON again")
                    .isFalse();
            assertThat(runtime.metric("fnpulse_code_loads_total{kind=\"none\",outcome=\"loaded\"}"))
                    .isEqualTo(3);
        }
    }

    @Test
    void aFleetOfStreamsKeepsEachInstancesEnvApartInOneWorker(TestRedis redis) throws Exception {
        Path module = TestCode.write(dir.resolve("fn/window.py"), """
                import collections

                def handler(input, context):
                    seen = context.env.setdefault("seen", collections.deque(maxlen=3))
                    seen.append((input["value"], context.input_key))
                    return {"values": [value for value, _ in seen], "key": context.input_key}
                """);
        Map<String, String> env = PythonRuntime.env(redis, module, "pyfleet");
        env.put("REDIS_INPUT_KEY", "pyfleet-in:*");
        env.put("REDIS_INPUT_STREAM", "pyfleet-in:*:stream");
        env.put("TRIGGER", "stream");
        redis.client().configSet("notify-keyspace-events", "K$t");

        try (RuntimeJar runtime = RuntimeJar.start("pyfleet", env)) {
            for (int value = 1; value <= 4; value++) {
                for (String host : List.of("host-a", "host-b")) {
                    redis.client()
                            .xadd(
                                    "pyfleet-in:" + host + ":stream",
                                    StreamEntryID.NEW_ENTRY,
                                    Map.of("data", "{\"value\":" + (host.endsWith("a") ? value : 10 * value) + "}"));
                }
            }
            Probe a = new Probe(redis, "pyfleet-in:host-a", "pyfleet-out:host-a");
            Probe b = new Probe(redis, "pyfleet-in:host-b", "pyfleet-out:host-b");

            assertThat(a.awaitOutput(o -> o.path("values").toString().equals("[2,3,4]"))
                            .path("key")
                            .asText())
                    .isEqualTo("pyfleet-in:host-a");
            assertThat(b.awaitOutput(o -> o.path("values").toString().equals("[20,30,40]"))
                            .path("key")
                            .asText())
                    .isEqualTo("pyfleet-in:host-b");
            assertThat(a.state().at("/env/seen/maxlen").asInt())
                    .as("a deque, saved as one")
                    .isEqualTo(3);
            assertThat(b.state().at("/env/seen/$deque/0/$tuple/0").asInt()).isEqualTo(20);
            assertThat(runtime.metric("fnpulse_python_workers_started_total"))
                    .as("one worker serves every instance of the version")
                    .isEqualTo(1);
        }
    }

    private Path moody(String version) {
        return TestCode.write(dir.resolve("fn/moody.py"), MOODY.formatted(version));
    }

    /** Replaces the file in one step, as a ConfigMap update does, so the runtime never reads half of it. */
    private static void rewrite(Path file, String content) throws IOException {
        Path next = TestCode.write(file.resolveSibling(file.getFileName() + ".next"), content);
        replace(file, next);
    }

    private static void replace(Path file, Path next) throws IOException {
        Files.setLastModifiedTime(next, FileTime.from(Instant.now().plusSeconds(5)));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
