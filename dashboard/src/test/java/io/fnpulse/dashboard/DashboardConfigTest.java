package io.fnpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import io.fnpulse.service.trigger.TriggerMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DashboardConfigTest {

    private static DashboardConfig read(String... pairs) {
        Map<String, String> vars = new HashMap<>();
        vars.put("REDIS_OUTPUT_KEY", "out");
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        return DashboardConfig.fromEnv(new Env(vars));
    }

    @Test
    void defaultsMatchTheSeedDashboard() {
        DashboardConfig config = read();
        assertThat(config.port()).isEqualTo(53_004);
        assertThat(config.redis().host()).isEqualTo("localhost");
        assertThat(config.redis().port()).isEqualTo(6379);
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(config.history()).isEqualTo(Duration.ofMinutes(60));
        assertThat(config.statusKey()).contains("out:status");
        assertThat(config.trigger()).isEqualTo(TriggerMode.POLL);
    }

    @Test
    void readsEveryVariable() {
        DashboardConfig config = read(
                "PORT",
                "8081",
                "REDIS_HOST",
                "redis",
                "REDIS_PORT",
                "6380",
                "POLL_INTERVAL_SECONDS",
                "0.5",
                "HISTORY_MINUTES",
                "15",
                "STATUS_KEY",
                "custom:status",
                "TRIGGER",
                "notify");
        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.redis().address()).isEqualTo("redis://redis:6380");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.history()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.statusKey()).contains("custom:status");
        assertThat(config.trigger()).isEqualTo(TriggerMode.NOTIFY);
    }

    @Test
    void anEmptyStatusKeyTurnsTheStatusLineOff() {
        assertThat(read("STATUS_KEY", "").statusKey()).isEmpty();
    }

    @Test
    void historyHoldsTenSamplesASecondOverTheWindowUpToADayOfOneASecond() {
        assertThat(read().historyCapacity()).isEqualTo(10 * 60 * 60 + 1);
        assertThat(read("POLL_INTERVAL_SECONDS", "0.5", "HISTORY_MINUTES", "5").historyCapacity())
                .isEqualTo(3_001);
        assertThat(read("HISTORY_MINUTES", "1440").historyCapacity()).isEqualTo(86_401);
    }

    @Test
    void readsTheValueLimitAndTheRedisTimeout() {
        assertThat(read().maxValueBytes()).isEqualTo(4L << 20);
        assertThat(read("MAX_VALUE_BYTES", "512KiB").maxValueBytes()).isEqualTo(512L << 10);
        assertThat(read("REDIS_TIMEOUT_SECONDS", "0.5").redis().timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesAMissingOutputKeyNamingIt() {
        assertThatThrownBy(() -> DashboardConfig.fromEnv(new Env(Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_OUTPUT_KEY");
    }

    @ParameterizedTest
    @CsvSource({
        "PORT, 0",
        "PORT, http",
        "REDIS_PORT, 70000",
        "POLL_INTERVAL_SECONDS, fast",
        "POLL_INTERVAL_SECONDS, 0",
        "HISTORY_MINUTES, 0",
        "HISTORY_MINUTES, 1.5",
        "HISTORY_MINUTES, 1441",
        "MAX_VALUE_BYTES, lots",
        "MAX_VALUE_BYTES, 10",
        "LOG_LEVEL, LOUD",
        "REDIS_TIMEOUT_SECONDS, 0",
        "TRIGGER, stream",
        "TRIGGER, push",
        "REDIS_TLS, maybe",
    })
    void refusesABadValueNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> read(variable, value))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable))
                .hasMessageContaining(variable + "='" + value + "'");
    }
}
