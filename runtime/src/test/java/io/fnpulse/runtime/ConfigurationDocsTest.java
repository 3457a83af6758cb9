package io.fnpulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.config.Env;
import io.fnpulse.testsupport.data.ProjectFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration table in the README's runtime section names every variable the runtime reads, with its default. */
class ConfigurationDocsTest {

    private final List<String> rows = ProjectFiles.readmeSection("## The runtime").stream()
            .filter(line -> line.startsWith("| `"))
            .toList();

    @Test
    void everyVariableTheRuntimeReadsHasARow() {
        for (String variable : RuntimeConfig.VARIABLES) {
            assertThat(rows)
                    .as("a row naming %s", variable)
                    .anyMatch(row -> firstCell(row).contains("`" + variable + "`"));
        }
    }

    @Test
    void everyDocumentedVariableIsOneTheRuntimeReads() {
        for (String row : rows) {
            for (String variable : firstCell(row).split("`")) {
                if (variable.matches("[A-Z][A-Z_]+")) {
                    assertThat(RuntimeConfig.VARIABLES)
                            .as("the README documents %s", variable)
                            .contains(variable);
                }
            }
        }
    }

    @Test
    void theDocumentedDefaultsAreTheDefaults() {
        RuntimeConfig defaults = RuntimeConfig.fromEnv(new Env(Map.of()));
        assertThat(row("REDIS_INPUT_KEY")).contains("`" + defaults.keys().inputKey() + "`");
        assertThat(row("POLL_INTERVAL_SECONDS"))
                .contains("`" + defaults.pollInterval().toSeconds() + "`");
        assertThat(row("FUNCTION_PATH"))
                .contains("`" + RuntimeConfig.DEFAULT_FUNCTION_PATH + "`")
                .contains("`" + RuntimeConfig.COURSE_FUNCTION_PATH + "`");
        assertThat(row("PYTHON")).contains("`" + defaults.python().interpreter() + "`");
        assertThat(row("HANDLER_TIMEOUT_SECONDS"))
                .contains("`" + defaults.handlerTimeout().toSeconds() + "`");
        assertThat(row("TRIGGER")).contains("`" + defaults.trigger().name().toLowerCase() + "`");
        assertThat(row("LEASE_SECONDS")).contains("`" + defaults.leaseDuration().toSeconds() + "`");
        assertThat(row("HTTP_PORT")).contains("`" + defaults.httpPort() + "`");
        assertThat(row("FUNCTION_DOWNLOAD_TIMEOUT_SECONDS"))
                .contains("`" + defaults.code().downloadTimeout().toSeconds() + "`");
        assertThat(row("FUNCTION_URL_CHECK_SECONDS"))
                .contains("`" + defaults.code().urlCheckInterval().toSeconds() + "`");
        assertThat(row("REDIS_TIMEOUT_SECONDS"))
                .contains("`" + defaults.redis().timeout().toSeconds() + "`");
        assertThat(row("MAX_INPUT_BYTES")).contains("`" + defaults.maxInputBytes() / (1024 * 1024) + "MiB`");
        assertThat(row("POISON_RETRIES")).contains("`" + defaults.poisonRetries() + "`");
        assertThat(row("CALLS_LOG_LENGTH")).contains("`" + defaults.callsLogLength() + "`");
        assertThat(row("CAPTURE_BYTES")).contains("`" + defaults.captureBytes() / 1024 + "KiB`");
        assertThat(row("OUTPUT_HISTORY_MINUTES"))
                .contains("`" + defaults.outputHistory().toMinutes() + "`");
        assertThat(row("REDIS_HOST"))
                .contains("`" + defaults.redis().host() + "` / `"
                        + defaults.redis().port() + "`");
    }

    private String row(String variable) {
        return rows.stream()
                .filter(row -> firstCell(row).contains("`" + variable + "`"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the README's runtime section has no row for " + variable));
    }

    private static String firstCell(String row) {
        return row.split("\\|")[1];
    }
}
