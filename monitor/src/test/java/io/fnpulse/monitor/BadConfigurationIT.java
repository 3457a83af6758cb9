package io.fnpulse.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BadConfigurationIT {

    @ParameterizedTest
    @ValueSource(strings = {"fast", "0", "7200"})
    void refusesABadIntervalWithOneLineNamingItAndExitCode2(String interval) {
        try (ServiceProcess monitor = ServiceProcess.jar(ProjectFiles.jar("monitor", "fnpulse-monitor.jar"))
                .env("INTERVAL_SECONDS", interval)
                .env("HTTP_PORT", "0")
                .start()) {
            assertThat(monitor.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(monitor.lines()).hasSize(1);
            assertThat(monitor.lines().get(0)).contains("INTERVAL_SECONDS='" + interval + "'",
                    "expected a decimal number of seconds from 0.1 to 3600");
        }
    }
}
