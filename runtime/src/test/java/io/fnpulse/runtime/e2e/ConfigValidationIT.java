package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops the runtime at start with exit code 2 and one line naming the variable and the form. */
class ConfigValidationIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "POLL_INTERVAL_SECONDS | fast    | POLL_INTERVAL_SECONDS='fast' is not valid: expected a decimal number of seconds",
            "REDIS_PORT            | 0       | REDIS_PORT='0' is not valid: expected a whole number from 1 to 65535",
            "TRIGGER               | push    | TRIGGER='push' is not valid: expected poll or notify",
            "FUNCTION_HANDLER      | a::b::c | FUNCTION_HANDLER='a::b::c' is not valid: expected [package.]Class[::method]",
            "HTTP_PORT             | -1      | HTTP_PORT='-1' is not valid: expected a whole number from 0 to 65535",
    })
    void refusesABadValueWithOneLineNamingIt(String variable, String value, String expected) {
        try (ServiceProcess runtime = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name("bad-" + variable).env(variable, value).start()) {
            assertThat(runtime.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(runtime.lines()).hasSize(1);
            assertThat(runtime.lines().get(0)).contains("configuration refused: " + expected);
        }
    }
}
