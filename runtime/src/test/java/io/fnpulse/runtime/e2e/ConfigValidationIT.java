package io.fnpulse.runtime.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops the runtime at start with exit code 2 and one line naming the variable and the form. */
class ConfigValidationIT {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "POLL_INTERVAL_SECONDS | fast    | POLL_INTERVAL_SECONDS='fast' is not valid: expected a decimal number of seconds",
                "REDIS_PORT            | 0       | REDIS_PORT='0' is not valid: expected a whole number from 1 to 65535",
                "TRIGGER               | push    | TRIGGER='push' is not valid: expected poll, notify or stream",
                "FUNCTION_HANDLER      | a::b::c | FUNCTION_HANDLER='a::b::c' is not valid: expected [package.]Class[::method]",
                "HTTP_PORT             | -1      | HTTP_PORT='-1' is not valid: expected a whole number from 0 to 65535",
                "POLL_INTERVAL_SECONDS | 0.001   | POLL_INTERVAL_SECONDS='0.001' is not valid: expected a decimal number of seconds from 0.01",
                "LOG_LEVEL             | verbose | LOG_LEVEL='verbose' is not valid: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF",
                "MAX_INPUT_BYTES       | huge    | MAX_INPUT_BYTES='huge' is not valid: expected a size in bytes",
                "POISON_RETRIES        | 0       | POISON_RETRIES='0' is not valid: expected a whole number from 1 to 100",
                "LEASE_SECONDS         | 1       | LEASE_SECONDS='1' is not valid: expected at least twice REDIS_TIMEOUT_SECONDS (2 s)",
                "FUNCTION_ZIP_SHA256   | abc     | FUNCTION_ZIP_SHA256='abc' is not valid: expected 64 hexadecimal digits",
            })
    void refusesABadValueWithOneLineNamingIt(String variable, String value, String expected) {
        assertRefused(Map.of(variable, value, "FUNCTION_ZIP", "/opt/function.zip"), expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "STATE_KEY  | out:status | STATUS_KEY='out:status' is not valid: expected a key other than STATE_KEY",
                "STATE_KEY  | out:lock   | STATE_KEY='out:lock' is not valid: expected a key other than the lease key",
                "STATUS_KEY | out:inflight | STATUS_KEY='out:inflight' is not valid: expected a key other than the in-flight key",
                "STATUS_KEY | metrics    | STATUS_KEY='metrics' is not valid: expected a key other than REDIS_INPUT_KEY",
            })
    void refusesKeysThatWouldCollideNamingBoth(String variable, String value, String expected) {
        assertRefused(Map.of("REDIS_OUTPUT_KEY", "out", variable, value), expected);
    }

    private static void assertRefused(Map<String, String> env, String expected) {
        try (ServiceProcess runtime = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name("bad-" + String.join("-", env.keySet()))
                .env(env)
                .start()) {
            assertThat(runtime.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
            assertThat(runtime.lines()).hasSize(1);
            assertThat(runtime.lines().get(0)).contains("configuration refused: " + expected);
        }
    }
}
