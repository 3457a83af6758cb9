package io.fnpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackConfigTest {

    @Test
    void runsEverythingLocallyByDefault() {
        StackConfig config = StackConfig.from(List.of(), new Env(Map.of()));
        assertThat(config.externalRedis()).isEmpty();
        assertThat(config.redisPort()).isEqualTo(6379);
        assertThat(config.replay()).isEmpty();
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.dashboardPort()).isEqualTo(53004);
        assertThat(config.outputKey()).isEqualTo("metrics-output");
    }

    @Test
    void usesAnExistingRedisWhenRedisHostIsSet() {
        StackConfig config =
                StackConfig.from(List.of(), new Env(Map.of("REDIS_HOST", "cache.internal", "REDIS_PORT", "6380")));
        assertThat(config.externalRedis()).hasValueSatisfying(redis -> {
            assertThat(redis.host()).isEqualTo("cache.internal");
            assertThat(redis.port()).isEqualTo(6380);
        });
    }

    @Test
    void readsAReplayAndAnInterval() {
        Path stream = ProjectFiles.resolve("data/metrics-stream.jsonl");
        StackConfig config =
                StackConfig.from(List.of("--replay", stream.toString(), "--interval", "0.5"), new Env(Map.of()));
        assertThat(config.replay()).contains(stream);
        assertThat(config.interval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesAMissingReplayFileAndUnknownOptions() {
        assertThatThrownBy(() -> StackConfig.from(List.of("--replay", "no/such/file.jsonl"), new Env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--replay='no/such/file.jsonl' is not valid: expected a readable file");
        assertThatThrownBy(() -> StackConfig.from(List.of("--replay"), new Env(Map.of())))
                .hasMessageContaining("expected a value after --replay");
        assertThatThrownBy(() -> StackConfig.from(List.of("--fast"), new Env(Map.of())))
                .hasMessageContaining("--fast=(unset) is not valid");
        assertThatThrownBy(() -> StackConfig.from(List.of("--interval", "soon"), new Env(Map.of())))
                .hasMessageStartingWith("--interval='soon' is not valid");
    }

    @Test
    void readsTheAuthorsFunctionAndItsHandler() {
        Path function = ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java");
        StackConfig config = StackConfig.from(
                List.of("--function", function.toString(), "--handler", "io.fnpulse.function.MetricsFunction::handle"),
                new Env(Map.of()));
        assertThat(config.function()).contains(function.toAbsolutePath());
        assertThat(config.handler()).contains("io.fnpulse.function.MetricsFunction::handle");
        assertThat(StackConfig.from(List.of(), new Env(Map.of())).function()).isEmpty();
    }

    @Test
    void refusesAFunctionThatIsNoCodeAndAHandlerWithoutAFunction() {
        Path data = ProjectFiles.resolve("data/metrics-stream.jsonl");
        assertThatThrownBy(() -> StackConfig.from(List.of("--function", data.toString()), new Env(Map.of())))
                .hasMessageContaining("expected a readable .java source file, .jar, .py module or .zip");
        assertThatThrownBy(() -> StackConfig.from(List.of("--handler", "io.x.Foo::handle"), new Env(Map.of())))
                .hasMessageContaining("expected to come with --function FILE");
        Path function = ProjectFiles.resolve("function/src/main/java/io/fnpulse/function/MetricsFunction.java");
        assertThatThrownBy(() -> StackConfig.from(
                        List.of("--function", function.toString(), "--handler", "not a handler"), new Env(Map.of())))
                .hasMessageStartingWith("--handler='not a handler' is not valid: expected [package.]Class[::method]");
    }
}
