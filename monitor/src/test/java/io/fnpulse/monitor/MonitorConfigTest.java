package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import java.time.Duration;
import java.util.Map;
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
                "REDIS_HOST", "redis.monitoring", "REDIS_PORT", "6380", "REDIS_METRICS_KEY", "host-metrics",
                "INTERVAL_SECONDS", "2.5", "HTTP_PORT", "0")));

        assertThat(config.redis().address()).isEqualTo("redis://redis.monitoring:6380");
        assertThat(config.metricsKey()).isEqualTo("host-metrics");
        assertThat(config.interval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(config.httpPort()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"INTERVAL_SECONDS, fast", "INTERVAL_SECONDS, 0", "INTERVAL_SECONDS, 0.05", "INTERVAL_SECONDS, 3601",
            "INTERVAL_SECONDS, -5", "HTTP_PORT, 65536", "HTTP_PORT, -1", "HTTP_PORT, web", "REDIS_PORT, 0"})
    void refusesABadValueNamingTheVariableAndTheValue(String variable, String value) {
        assertThatThrownBy(() -> MonitorConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + "='" + value + "' is not valid: expected ");
    }
}
