package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BadConfigurationIT {

    @ParameterizedTest
    @CsvSource({
        "INTERVAL_SECONDS, fast, expected a decimal number of seconds from 0.1 to 3600",
        "INTERVAL_SECONDS, 0, expected a decimal number of seconds from 0.1 to 3600",
        "INTERVAL_SECONDS, 7200, expected a decimal number of seconds from 0.1 to 3600",
        "LOG_LEVEL, verbose, expected one of TRACE",
        "REDIS_TIMEOUT_SECONDS, forever, expected a decimal number of seconds from 0.05 to 60",
        "REDIS_METRICS_KEY, metrics:*, expected a key name without spaces or the glob characters",
        "METRICS_STREAM_LENGTH, 10, expected to be set only with REDIS_METRICS_STREAM"
    })
    void refusesABadValueWithOneLineNamingItAndExitCode2(String variable, String value, String expected) {
        try (ServiceProcess monitor = ServiceProcess.jar(ProjectFiles.jar("monitor", "fnpulse-monitor.jar"))
                .env(variable, value)
                .env("HTTP_PORT", "0")
                .start()) {
            assertThat(monitor.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(monitor.lines()).hasSize(1);
            assertThat(monitor.lines().get(0)).contains(variable + "='" + value + "'", expected);
        }
    }
}
