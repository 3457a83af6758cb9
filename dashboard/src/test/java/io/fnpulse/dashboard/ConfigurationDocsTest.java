package io.fnpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.dashboard.fleet.FleetConfig;
import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table in the README's dashboard section says what {@link DashboardConfig} does. */
class ConfigurationDocsTest {

    private static List<String> rows() {
        return ProjectFiles.readmeSection("## The dashboard").stream()
                .filter(line -> line.startsWith("| `"))
                .toList();
    }

    private static String row(List<String> rows, String variable) {
        return rows.stream()
                .filter(line -> line.startsWith("| `" + variable + "`"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README's dashboard section has no row for " + variable));
    }

    @Test
    void everyVariableIsDocumentedWithItsDefault() {
        DashboardConfig defaults = DashboardConfig.fromEnv(new Env(Map.of(DashboardConfig.OUTPUT_KEY, "k")));
        List<String> rows = rows();
        assertThat(row(rows, DashboardConfig.OUTPUT_KEY)).contains("required");
        assertThat(row(rows, DashboardConfig.PORT)).contains("`" + defaults.port() + "`");
        String interval = BigDecimal.valueOf(defaults.pollInterval().toMillis(), 3)
                .stripTrailingZeros()
                .toPlainString();
        assertThat(row(rows, DashboardConfig.POLL_INTERVAL)).contains("`" + interval + "`");
        assertThat(row(rows, DashboardConfig.HISTORY_MINUTES))
                .contains("`" + defaults.history().toMinutes() + "`");
        assertThat(row(rows, DashboardConfig.STATUS_KEY))
                .contains("`<output key>" + DashboardConfig.STATUS_KEY_SUFFIX + "`");
        assertThat(row(rows, DashboardConfig.TRIGGER)).contains("`" + defaults.trigger() + "`");
        assertThat(row(rows, DashboardConfig.MAX_VALUE_BYTES)).contains("`4MiB`");
        assertThat(defaults.maxValueBytes()).isEqualTo(4L << 20);
        assertThat(row(rows, "REDIS_TIMEOUT_SECONDS"))
                .contains("`" + defaults.redis().timeout().toSeconds() + "`");
        assertThat(row(rows, "LOG_LEVEL")).contains("`INFO`");
        assertThat(row(rows, "REDIS_HOST"))
                .contains("`" + defaults.redis().host() + "` / `"
                        + defaults.redis().port() + "`");
    }

    @Test
    void theFleetSettingsAreDocumented() {
        List<String> rows = rows();
        assertThat(row(rows, DashboardConfig.OUTPUT_KEY)).contains("one `*`");
        assertThat(row(rows, FleetConfig.MAX_HOSTS))
                .contains("`" + FleetConfig.DEFAULT_MAX_HOSTS + "`")
                .contains(Integer.toString(FleetConfig.MOST_HOSTS));
    }
}
