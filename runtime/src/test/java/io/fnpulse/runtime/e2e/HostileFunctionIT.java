package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.code.TestCode;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * Functions that misbehave as hostile or careless code does, against the real jar: each costs at most a failed
 * call, a failed load or one restart, is reported in the status key and /metrics, and leaves the last good output,
 * the saved env and a working runtime behind.
 */
@ExtendWith(RedisExtension.class)
class HostileFunctionIT {

    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFunctionThatCallsSystemExitCostsOneRestartNotACrashLoop(TestRedis redis) throws Exception {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "exit");
        Probe probe = new Probe(redis, "exit-in", "exit-out");
        try (RuntimeJar first = RuntimeJar.start("exit-first", env)) {
            probe.sendValue(1);
            probe.send("{\"action\":\"exit\",\"status\":0}");
            assertThat(first.process().awaitExit(EXIT)).isZero();
            assertThat(first.process().findLine("exiting during a call of the function: it called System.exit"))
                    .isPresent();
        }
        assertThat(redis.client().get("exit-out:inflight"))
                .as("the call never ended")
                .contains("\"deaths\":0");

        try (RuntimeJar second = RuntimeJar.start("exit-second", env)) {
            JsonNode status = probe.awaitStatus(
                    s -> "PoisonInput".equals(s.at("/error/type").asText()));
            assertThat(status.at("/error/message").asText())
                    .contains("died 1 time during calls with this input")
                    .contains("POISON_RETRIES=1");
            assertThat(probe.output().path("value").asInt())
                    .as("last good output")
                    .isEqualTo(1);
            assertThat(probe.state().at("/env/calls").asInt())
                    .as("the env is the last good call's")
                    .isEqualTo(1);
            assertThat(redis.client().exists("exit-out:inflight")).isFalse();
            assertThat(second.metric("fnpulse_poison_inputs_total")).isEqualTo(1);
            assertThat(second.metric("fnpulse_invocations_total{outcome=\"poison_input\"}"))
                    .isEqualTo(1);
            assertThat(probe.sendValue(2).path("calls").asInt())
                    .as("the next value is handled normally")
                    .isEqualTo(2);
            assertThat(second.process().isAlive()).isTrue();
        }
    }

    @Test
    void aStreamEntryWhoseCallEndsTheProcessWithSystemExitIsDeadLetteredAfterOneDeath(TestRedis redis)
            throws Exception {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "exits");
        env.put("TRIGGER", "stream");
        Probe probe = new Probe(redis, "exits-in", "exits-out");
        for (String data : List.of(
                "{\"value\":1}", "{\"value\":2}", "{\"action\":\"exit\",\"status\":0,\"value\":3}", "{\"value\":4}")) {
            redis.client().xadd("exits-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", data));
        }
        try (RuntimeJar first = RuntimeJar.start("exits-first", env)) {
            assertThat(first.process().awaitExit(EXIT)).isZero();
        }
        JsonNode marker = JSON.readTree(redis.client().get("exits-out:inflight"));
        assertThat(marker.at("/cause/type").asText())
                .as("the dying process recorded why, against the one entry in its call")
                .isEqualTo("SystemExit");
        assertThat(marker.has("lastStreamId")).isFalse();

        try (RuntimeJar second = RuntimeJar.start("exits-second", env)) {
            await().atMost(Probe.WAIT).until(() -> redis.client().xlen("exits-out:dead") == 1);
            probe.awaitOutput(output -> output.path("value").asInt() == 4);
            JsonNode letter = probe.firstDeadLetter();
            assertThat(letter.at("/error/type").asText()).isEqualTo("PoisonInput");
            assertThat(letter.at("/error/message").asText())
                    .contains("died 1 time during calls with this input")
                    .contains("System.exit");
            assertThat(letter.at("/entry/data").asText()).contains("\"value\":3");
            assertThat(probe.state().at("/env/seen").toString())
                    .as("the entries before it handled once, the one after it handled")
                    .isEqualTo("[1,2,4]");
            assertThat(second.process().isAlive()).isTrue();
        }
    }

    @Test
    void aPoisonInputIsRetriedUntilPoisonRetriesDeaths(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "twice");
        env.put("POISON_RETRIES", "2");
        Probe probe = new Probe(redis, "twice-in", "twice-out");
        try (RuntimeJar first = RuntimeJar.start("twice-first", env)) {
            probe.sendValue(1);
            probe.send("{\"action\":\"exit\",\"status\":9}");
            assertThat(first.process().awaitExit(EXIT)).isEqualTo(9);
        }
        try (RuntimeJar second = RuntimeJar.start("twice-second", env)) {
            second.process()
                    .awaitLine("died during a call with input .* \\(death 1 with it; POISON_RETRIES=2\\)", Probe.WAIT);
            assertThat(second.process().awaitExit(EXIT))
                    .as("called once more, and died again")
                    .isEqualTo(9);
        }
        try (RuntimeJar third = RuntimeJar.start("twice-third", env)) {
            JsonNode status = probe.awaitStatus(
                    s -> "PoisonInput".equals(s.at("/error/type").asText()));
            assertThat(status.at("/error/message").asText()).contains("died 2 times");
            assertThat(third.process().isAlive()).isTrue();
        }
    }

    @Test
    void anOutOfMemoryErrorEndsTheProcessWithExitCode3WhateverTheFlags(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "oom");
        Probe probe = new Probe(redis, "oom-in", "oom-out");
        try (RuntimeJar small = RuntimeJar.start("oom-small", env, List.of("-Xmx64m"))) {
            probe.sendValue(1);
            probe.send("{\"action\":\"allocate\"}");
            assertThat(small.process().awaitExit(EXIT)).isEqualTo(3);
            assertThat(small.process().countLines("out of memory in thread .*exits with code 3"))
                    .isEqualTo(1);
        }
        try (RuntimeJar again = RuntimeJar.start("oom-again", env, List.of("-Xmx64m"))) {
            probe.awaitStatus(s -> "PoisonInput".equals(s.at("/error/type").asText()));
            assertThat(probe.sendValue(2).path("calls").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aTimedOutCallThatSurvivesThreadStopWritesNothingThatIsSaved(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "stubborn");
        env.put("HANDLER_TIMEOUT_SECONDS", "0.3");
        Probe probe = new Probe(redis, "stubborn-in", "stubborn-out");
        try (RuntimeJar runtime = RuntimeJar.start("stubborn", env)) {
            probe.sendValue(1);
            probe.send("{\"action\":\"stubborn\",\"millis\":4000}");
            JsonNode status =
                    probe.awaitStatus(s -> s.at("/error/type").asText().endsWith("HandlerTimeoutException"));
            assertThat(status.at("/error/message").asText()).contains("abandoned on its thread");
            assertThat(runtime.metric("fnpulse_calls_abandoned_total")).isEqualTo(1);
            assertThat(probe.sendValue(2).path("calls").asInt())
                    .as("goes on at once, from the saved env")
                    .isEqualTo(2);
            await().pollDelay(Duration.ofSeconds(1))
                    .atMost(Probe.WAIT)
                    .until(() -> runtime.metric("fnpulse_function_threads") == 0);
            assertThat(probe.sendValue(3).path("calls").asInt()).isEqualTo(3);
            assertThat(probe.state().path("env").has("stubborn"))
                    .as("the abandoned call's writes")
                    .isFalse();
        }
    }

    @Test
    void threadsAFunctionLeavesBehindCannotChangeTheSavedEnv(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "late");
        Probe probe = new Probe(redis, "late-in", "late-out");
        try (RuntimeJar runtime = RuntimeJar.start("late", env)) {
            probe.send("{\"action\":\"background\",\"value\":1}");
            probe.awaitOutput(output -> output.path("value").asInt() == 1);
            await().pollDelay(Duration.ofMillis(600)).atMost(Probe.WAIT).until(() -> true);
            assertThat(probe.sendValue(2).path("calls").asInt()).isEqualTo(2);
            JsonNode saved = probe.state().path("env");
            assertThat(saved.has("late")).isFalse();
            assertThat(saved.has("later")).isFalse();
        }
    }

    @Test
    void envValuesAreNormalisedOrRefusedNeverWedgeTheRuntime(TestRedis redis) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, "envs");
        Probe probe = new Probe(redis, "envs-in", "envs-out");
        try (RuntimeJar runtime = RuntimeJar.start("envs", env)) {
            probe.send("{\"action\":\"nullarray\",\"value\":1}");
            probe.awaitOutput(output -> output.path("value").asInt() == 1);
            assertThat(probe.state().at("/env/readings").toString()).isEqualTo("[1,null,\"x\"]");
            assertThat(probe.sendValue(2).path("calls").asInt())
                    .as("the next call goes on")
                    .isEqualTo(2);

            probe.send("{\"action\":\"nan\",\"value\":3}");
            JsonNode status =
                    probe.awaitStatus(s -> s.at("/error/type").asText().endsWith("InvalidEnvException"));
            assertThat(status.at("/error/message").asText()).contains("context.env at ratio holds NaN");
            assertThat(probe.sendValue(4).path("calls").asInt())
                    .as("rolled back to before the NaN")
                    .isEqualTo(3);
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);
        }
    }

    private static String versioned(String extra) {
        return """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Versioned {
                    %s
                    public Object handle(Map<String, Object> input, Context context) {
                        return Map.of("version", VERSION, "value", input.get("value"));
                    }
                }
                """.formatted(extra);
    }

    /** Replaces the file in one step, as a ConfigMap update does, so the runtime never reads half of it. */
    private static void rewrite(Path file, String content) throws IOException {
        Path next = TestCode.write(file.resolveSibling(file.getFileName() + ".next"), content);
        Files.setLastModifiedTime(next, FileTime.from(Instant.now().plusSeconds(5)));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void hostileInitialisersAreFailedLoadsAndTheRunningVersionStays(TestRedis redis) throws Exception {
        Path source =
                TestCode.write(dir.resolve("fn/Versioned.java"), versioned("static final String VERSION = \"one\";"));
        Map<String, String> env = RuntimeJar.keys(RuntimeJar.baseEnv(redis, source), "init", "Versioned::handle");
        env.put("HANDLER_TIMEOUT_SECONDS", "1");
        Probe probe = new Probe(redis, "init-in", "init-out");
        try (RuntimeJar runtime = RuntimeJar.start("init", env)) {
            probe.sendValue(1);

            rewrite(
                    source,
                    versioned("static final String VERSION;"
                            + " static { if (true) throw new AssertionError(\"wrong cluster\"); VERSION = \"two\"; }"));
            JsonNode thrown =
                    probe.awaitStatus(s -> s.at("/codeError/message").asText().contains("wrong cluster"));
            assertThat(thrown.at("/codeError/message").asText())
                    .contains("Versioned failed to initialise:"
                            + " java.lang.AssertionError: wrong cluster (at Versioned.<clinit>(");
            assertThat(probe.sendValue(2).path("version").asText())
                    .as("the previous version runs")
                    .isEqualTo("one");

            rewrite(
                    source,
                    versioned("static final String VERSION = \"three\";" + " public Versioned() { while (true) { } }"));
            JsonNode hung =
                    probe.awaitStatus(s -> s.at("/codeError/message").asText().contains("timeout"));
            assertThat(hung.at("/codeError/message").asText())
                    .contains("initialising the handler (its static"
                            + " initialisers and constructor) ran past the 1 s timeout");
            assertThat(probe.sendValue(3).path("version").asText()).isEqualTo("one");
            assertThat(runtime.metric("fnpulse_code_loads_total{kind=\"init\",outcome=\"failed\"}"))
                    .isEqualTo(1);
            assertThat(runtime.metric("fnpulse_code_loads_total{kind=\"timeout\",outcome=\"failed\"}"))
                    .isEqualTo(1);
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);

            rewrite(source, versioned("static final String VERSION = \"four\";"));
            assertThat(probe.sendValue(4).path("version").asText()).isEqualTo("four");
        }
    }

    @Test
    void aVersionThatNeverLoadsLeavesTheRuntimeAliveAndNotReady(TestRedis redis) throws Exception {
        Path source = TestCode.write(
                dir.resolve("fn/Versioned.java"),
                versioned("static final String VERSION;"
                        + " static { if (true) throw new IllegalStateException(\"no config\"); VERSION = \"x\"; }"));
        Map<String, String> env = RuntimeJar.keys(RuntimeJar.baseEnv(redis, source), "never", "Versioned::handle");
        Probe probe = new Probe(redis, "never-in", "never-out");
        try (RuntimeJar runtime = RuntimeJar.start("never", env)) {
            probe.send("{\"value\":1}");
            JsonNode status =
                    probe.awaitStatus(s -> s.at("/error/type").asText().endsWith("NoFunctionException"));
            assertThat(status.at("/error/message").asText()).contains("no config");
            assertThat(runtime.get("/readyz").statusCode()).isEqualTo(503);
            assertThat(runtime.get("/healthz").statusCode()).isEqualTo(200);

            rewrite(source, versioned("static final String VERSION = \"fixed\";"));
            assertThat(probe.awaitOutput(output -> output.has("version"))
                            .path("version")
                            .asText())
                    .as("the waiting input is handled once the code loads")
                    .isEqualTo("fixed");
        }
    }

    @Test
    void replacedVersionsLeaveMemoryAfterAGarbageCollection(TestRedis redis) throws Exception {
        String leaky = """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Versioned {
                    public record Reading(String name, int version) { }
                    static final ThreadLocal<StringBuilder> SCRATCH = ThreadLocal.withInitial(StringBuilder::new);
                    public Object handle(Map<String, Object> input, Context context) {
                        SCRATCH.get().append('x');
                        return new Reading("cpu", %d);
                    }
                }
                """;
        Path source = TestCode.write(dir.resolve("fn/Versioned.java"), leaky.formatted(0));
        Map<String, String> env = RuntimeJar.keys(RuntimeJar.baseEnv(redis, source), "leak", "Versioned::handle");
        Probe probe = new Probe(redis, "leak-in", "leak-out");
        int reloads = 30;
        try (RuntimeJar runtime = RuntimeJar.start("leak", env)) {
            for (int version = 0; version <= reloads; version++) {
                if (version > 0) {
                    rewrite(source, leaky.formatted(version));
                }
                int expected = version;
                probe.send("{\"n\":" + version + "}");
                probe.awaitOutput(output -> output.path("version").asInt() == expected);
            }
            await().atMost(Probe.WAIT).until(() -> {
                collectGarbage(runtime.process());
                return runtime.metric("fnpulse_function_versions_in_memory") <= 2;
            });
            assertThat(runtime.metric("fnpulse_code_loads_total{kind=\"none\",outcome=\"loaded\"}"))
                    .isEqualTo(reloads + 1);
        }
    }

    private static void collectGarbage(ServiceProcess process) throws Exception {
        Path java = Path.of(ServiceProcess.javaExecutable());
        Process jcmd = new ProcessBuilder(
                        java.resolveSibling("jcmd").toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true)
                .start();
        jcmd.getInputStream().readAllBytes();
        jcmd.waitFor();
    }
}
