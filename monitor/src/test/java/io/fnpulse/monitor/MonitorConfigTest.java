package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MonitorConfigTest {

    @Test
    void defaultsToKeyMetricsEveryFiveSecondsAndPort8080() {
        MonitorConfig config = MonitorConfig.fromEnv(new Env(Map.of()));

        assertThat(config.metricsKey()).isEqualTo("metrics");
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.redis().address()).isEqualTo("redis://localhost:6379");
    }

    @Test
    void readsEveryVariable() {
        MonitorConfig config = MonitorConfig.fromEnv(new Env(Map.of(
                "REDIS_HOST",
                "redis.monitoring",
                "REDIS_PORT",
                "6380",
                "REDIS_METRICS_KEY",
                "host-metrics",
                "INTERVAL_SECONDS",
                "2.5",
                "HTTP_PORT",
                "0")));

        assertThat(config.redis().address()).isEqualTo("redis://redis.monitoring:6380");
        assertThat(config.metricsKey()).isEqualTo("host-metrics");
        assertThat(config.interval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.httpPort()).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "INTERVAL_SECONDS, fast",
        "INTERVAL_SECONDS, 0",
        "INTERVAL_SECONDS, 0.05",
        "INTERVAL_SECONDS, 3601",
        "INTERVAL_SECONDS, -5",
        "HTTP_PORT, 65536",
        "HTTP_PORT, -1",
        "HTTP_PORT, web",
        "REDIS_PORT, 0",
        "LOG_LEVEL, verbose",
        "REDIS_TIMEOUT_SECONDS, forever",
        "REDIS_TIMEOUT_SECONDS, 0",
        "REDIS_TIMEOUT_SECONDS, 61",
        "REDIS_METRICS_KEY, metrics:*",
        "REDIS_METRICS_KEY, my metrics",
        "REDIS_CLUSTER, maybe",
        "REDIS_SENTINELS, nowhere"
    })
    void refusesABadValueNamingTheVariableAndTheValue(String variable, String value) {
        assertThatThrownBy(() -> MonitorConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + "='" + value + "' is not valid: expected ");
    }

    @Test
    void publishesToAStreamToo_cappedAtTenThousandByDefault() {
        MonitorConfig config = MonitorConfig.fromEnv(new Env(Map.of("REDIS_METRICS_STREAM", "metrics:stream")));
        assertThat(config.metricsStream()).contains("metrics:stream");
        assertThat(config.streamLength()).isEqualTo(10_000);
        assertThat(MonitorConfig.fromEnv(new Env(Map.of())))
                .extracting(MonitorConfig::metricsStream)
                .isEqualTo(Optional.empty());
        assertThat(MonitorConfig.fromEnv(new Env(Map.of("REDIS_METRICS_STREAM", "s", "METRICS_STREAM_LENGTH", "500")))
                        .streamLength())
                .isEqualTo(500);
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "many", "100000001"})
    void refusesABadStreamLength(String length) {
        assertThatThrownBy(() -> MonitorConfig.fromEnv(
                        new Env(Map.of("REDIS_METRICS_STREAM", "s", "METRICS_STREAM_LENGTH", length))))
                .hasMessageStartingWith("METRICS_STREAM_LENGTH='" + length + "' is not valid: expected a whole number");
    }

    @Test
    void refusesAStreamLengthWithoutAStreamAndAStreamThatIsTheKey() {
        assertThatThrownBy(() -> MonitorConfig.fromEnv(new Env(Map.of("METRICS_STREAM_LENGTH", "5"))))
                .hasMessageContaining("METRICS_STREAM_LENGTH='5' is not valid: expected to be set only with"
                        + " REDIS_METRICS_STREAM");
        assertThatThrownBy(() -> MonitorConfig.fromEnv(new Env(Map.of("REDIS_METRICS_STREAM", "metrics"))))
                .hasMessageContaining("REDIS_METRICS_STREAM='metrics' is not valid: expected another key than"
                        + " REDIS_METRICS_KEY");
    }

    @Test
    void replacesNodeInTheKeyAndTheStreamWithNodeName() {
        MonitorConfig config = MonitorConfig.fromEnv(
                new Env(Map.of(
                        "REDIS_METRICS_KEY",
                        "metrics:{node}",
                        "REDIS_METRICS_STREAM",
                        "metrics:{node}:stream",
                        "NODE_NAME",
                        "worker-2.cluster.local")),
                () -> Optional.of("ignored"));
        assertThat(config.metricsKey()).isEqualTo("metrics:worker-2.cluster.local");
        assertThat(config.metricsStream()).contains("metrics:worker-2.cluster.local:stream");
        assertThat(config.node()).contains("worker-2.cluster.local");
    }

    @Test
    void fallsBackToTheHostNameForNode() {
        assertThat(MonitorConfig.fromEnv(
                                new Env(Map.of("REDIS_METRICS_KEY", "metrics:{node}")), () -> Optional.of("laptop"))
                        .metricsKey())
                .isEqualTo("metrics:laptop");
        assertThat(MonitorConfig.fromEnv(
                                new Env(Map.of("REDIS_METRICS_KEY", "metrics:{node}", "HOSTNAME", "box")),
                                () -> Optional.of("laptop"))
                        .metricsKey())
                .isEqualTo("metrics:box");
        assertThat(MonitorConfig.fromEnv(new Env(Map.of("NODE_NAME", "n1")), () -> Optional.of("laptop"))
                        .metricsKey())
                .as("no placeholder, no node")
                .isEqualTo("metrics");
    }

    @Test
    void refusesANodeNameThatCannotBePartOfAKey() {
        assertThatThrownBy(() -> MonitorConfig.fromEnv(
                        new Env(Map.of("REDIS_METRICS_KEY", "metrics:{node}", "NODE_NAME", "a*b")), Optional::empty))
                .hasMessageStartingWith("NODE_NAME='a*b' is not valid: expected a node name");
        assertThatThrownBy(() ->
                        MonitorConfig.fromEnv(new Env(Map.of("REDIS_METRICS_KEY", "metrics:{node}")), Optional::empty))
                .hasMessageStartingWith("NODE_NAME=(unset) is not valid: expected a node name")
                .hasMessageContaining("the host's name is unknown");
    }
}
