package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table in the README's monitor section names every variable the monitor reads, with its default. */
class ConfigurationDocsTest {

    private final List<String> rows = ProjectFiles.readmeSection("## The monitor").stream()
            .filter(line -> line.startsWith("| `"))
            .toList();

    @Test
    void everyVariableTheMonitorReadsHasARowAndEveryRowIsOneItReads() {
        for (String variable : MonitorConfig.VARIABLES) {
            assertThat(rows)
                    .as("a row naming %s", variable)
                    .anyMatch(row -> firstCell(row).contains("`" + variable + "`"));
        }
        for (String row : rows) {
            for (String variable : firstCell(row).split("`")) {
                if (variable.matches("[A-Z][A-Z_]+")) {
                    assertThat(MonitorConfig.VARIABLES)
                            .as("the README documents %s", variable)
                            .contains(variable);
                }
            }
        }
    }

    @Test
    void theDocumentedDefaultsAreTheDefaults() {
        MonitorConfig defaults = MonitorConfig.fromEnv(new Env(Map.of()));
        assertThat(row("REDIS_METRICS_KEY")).contains("`" + defaults.metricsKey() + "`");
        assertThat(row("INTERVAL_SECONDS")).contains("`" + defaults.interval().toSeconds() + "`");
        assertThat(row("HTTP_PORT")).contains("`" + defaults.httpPort() + "`");
        assertThat(row("METRICS_STREAM_LENGTH")).contains("`" + MonitorConfig.DEFAULT_STREAM_LENGTH + "`");
        assertThat(row("REDIS_TIMEOUT_SECONDS"))
                .contains("`" + defaults.redis().timeout().toSeconds() + "`");
        assertThat(row("REDIS_HOST"))
                .contains("`" + defaults.redis().host() + "` / `"
                        + defaults.redis().port() + "`");
    }

    private String row(String variable) {
        return rows.stream()
                .filter(row -> firstCell(row).contains("`" + variable + "`"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README's monitor section has no row for " + variable));
    }

    private static String firstCell(String row) {
        return row.split("\\|")[1];
    }
}
