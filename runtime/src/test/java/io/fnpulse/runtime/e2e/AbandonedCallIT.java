package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.StreamEntryID;

/**
 * On Java 25, as in the images, no thread can be stopped: a call that spins past its deadline ignoring the interrupt
 * has its input taken as the cause (a dead letter on a stream, the value skipped on a key) and the process ends with
 * exit code 4 once that is recorded, giving back its lease; started again, as Kubernetes restarts it, the runtime
 * takes over at once and handles the next input. The JDK is {@code /usr/lib/jvm/temurin-25-jdk-amd64} or the one
 * {@code -Dfnpulse.java25=<java home>} names; without one the test is skipped.
 */
@ExtendWith(RedisExtension.class)
class AbandonedCallIT {

    private static final Path JAVA_25 =
            Path.of(System.getProperty("fnpulse.java25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
    /** Long enough that a restart which had to wait for the old lease to run out could not pass. */
    private static final String LEASE_SECONDS = "30";

    @TempDir
    Path dir;

    @BeforeEach
    void java25() {
        Assumptions.assumeTrue(Files.isExecutable(JAVA_25), "no Java 25 at " + JAVA_25 + " (-Dfnpulse.java25)");
    }

    private Map<String, String> env(TestRedis redis, String prefix) {
        Map<String, String> env = RuntimeJar.probeEnv(redis, dir, prefix);
        env.put("HANDLER_TIMEOUT_SECONDS", "0.5");
        env.put("LEASE_SECONDS", LEASE_SECONDS);
        env.put("CODE_CACHE_DIR", dir.resolve("code").toString());
        return env;
    }

    private static RuntimeJar start(String name, Map<String, String> env) {
        return RuntimeJar.start(name, env, List.of(), JAVA_25);
    }

    @Test
    void aStreamEntryWhoseCallSpinsIsDeadLetteredAndTheProcessRestartsCleanly(TestRedis redis) throws Exception {
        Map<String, String> env = env(redis, "spin");
        env.put("TRIGGER", "stream");
        Probe probe = new Probe(redis, "spin-in", "spin-out");
        redis.client().xadd("spin-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"value\":1}"));
        redis.client()
                .xadd("spin-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"action\":\"spin\",\"value\":2}"));

        try (RuntimeJar first = start("spin-first", env)) {
            assertThat(first.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(4);
            assertThat(first.process().findLine("ending the process with exit code 4"))
                    .isPresent();
            assertThat(redis.client().exists("spin-out:lock"))
                    .as("the lease was given back")
                    .isFalse();
        }
        JsonNode letter = probe.firstDeadLetter();
        assertThat(letter.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(letter.at("/error/message").asText())
                .contains("ignored the interrupt, and Java 25 cannot stop its thread");
        assertThat(letter.at("/entry/data").asText()).contains("spin");
        assertThat(redis.client().xpending("spin-in:stream", "spin-out").getTotal())
                .isZero();

        redis.client().xadd("spin-in:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"value\":3}"));
        try (RuntimeJar second = start("spin-second", env)) {
            probe.awaitOutput(output -> output.path("value").asInt() == 3);
            assertThat(probe.state().at("/env/seen").toString())
                    .as("before and after it, each once")
                    .isEqualTo("[1,3]");
            assertThat(redis.client().xlen("spin-out:dead")).isEqualTo(1);
            assertThat(second.process().isAlive()).isTrue();
        }
    }

    @Test
    void aKeyValueWhoseCallSpinsIsSkippedAndNotCalledAgainAfterTheRestart(TestRedis redis) throws Exception {
        Map<String, String> env = env(redis, "spinkey");
        Probe probe = new Probe(redis, "spinkey-in", "spinkey-out");
        try (RuntimeJar first = start("spinkey-first", env)) {
            probe.sendValue(1);
            probe.send("{\"action\":\"spin\",\"value\":2}");
            assertThat(first.process().awaitExit(Duration.ofSeconds(60))).isEqualTo(4);
        }
        JsonNode status = probe.status();
        assertThat(status.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(probe.output().path("value").asInt())
                .as("the last good output stays")
                .isEqualTo(1);

        try (RuntimeJar second = start("spinkey-second", env)) {
            assertThat(probe.sendValue(3).path("calls").asInt())
                    .as("the spinning value was not called again: two calls before, this one")
                    .isEqualTo(2);
            assertThat(second.process().countLines("ignored the interrupt")).isZero();
            assertThat(second.process().isAlive()).isTrue();
        }
    }
}
