package io.fnpulse.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.service.config.Env;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

    private static java.util.Optional<FleetConfig> read(String... pairs) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        Env env = new Env(vars);
        return FleetConfig.fromEnv(env, DashboardConfig.fromEnv(env));
    }

    @Test
    void oneKeyIsNoFleet() {
        assertThat(read("REDIS_OUTPUT_KEY", "metrics-output")).isEmpty();
    }

    @Test
    void aPatternWithOneStarIsAFleetWithItsDefaults() {
        FleetConfig fleet = read("REDIS_OUTPUT_KEY", "metrics-output:*").orElseThrow();
        assertThat(fleet.pattern())
                .isEqualTo(new HostPattern(new io.fnpulse.service.function.KeyPattern("metrics-output:", "")));
        assertThat(fleet.maxHosts()).isEqualTo(1_000);
        assertThat(fleet.scanInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fleet.pollInterval()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(fleet.samplesPerHost()).isEqualTo(720);
        assertThat(fleet.window()).isEqualTo(Duration.ofMillis(2_500L * 719));
        assertThat(fleet.cluster()).isFalse();
    }

    @Test
    void theScanStaysAtFiveSecondsWhateverThePoll() {
        FleetConfig fleet = read("REDIS_OUTPUT_KEY", "m:*", "POLL_INTERVAL_SECONDS", "30", "MAX_HOSTS", "7")
                .orElseThrow();
        assertThat(fleet.scanInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fleet.maxHosts()).isEqualTo(7);
        assertThat(fleet.window()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void moreThanOneStarOrABadCapIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> read("REDIS_OUTPUT_KEY", "m:*:*"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("REDIS_OUTPUT_KEY")
                .hasMessageContaining("one *");
        assertThatThrownBy(() -> read("REDIS_OUTPUT_KEY", "m:*", "MAX_HOSTS", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_HOSTS");
        assertThatThrownBy(() -> read("REDIS_OUTPUT_KEY", "m:*", "MAX_HOSTS", "100001"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MAX_HOSTS");
    }

    @Test
    void aHostIsWhatTheStarMatchedButNeverAnInstancesOwnKey() {
        HostPattern pattern = HostPattern.of("out:*:v1").orElseThrow();
        assertThat(pattern.hostOf("out:node-1:v1")).contains("node-1");
        assertThat(pattern.hostOf("out::v1")).isEmpty();
        assertThat(pattern.hostOf("out:node-1:v2")).isEmpty();
        assertThat(pattern.key("node-1")).isEqualTo("out:node-1:v1");
        HostPattern open = HostPattern.of("out:*").orElseThrow();
        for (String own : new String[] {
            ":env", ":status", ":lock", ":inflight", ":calls", ":dead", ":history", ":env:corrupt:1733100000000"
        }) {
            assertThat(open.hostOf("out:node-1" + own)).as(own).isEmpty();
        }
    }
}
