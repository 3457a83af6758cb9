package io.fnpulse.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

    private static final Duration MIN = Duration.ofMillis(10);
    private static final Duration MAX = Duration.ofDays(1);

    @Test
    void readsDecimalSecondsExactly() {
        Env env = new Env(Map.of("POLL_INTERVAL_SECONDS", "2.5"));
        assertThat(env.seconds("POLL_INTERVAL_SECONDS", Duration.ofSeconds(5), MIN, MAX))
                .isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void usesTheDefaultWhenUnsetOrBlank() {
        Env env = new Env(Map.of("POLL_INTERVAL_SECONDS", " "));
        assertThat(env.seconds("POLL_INTERVAL_SECONDS", Duration.ofSeconds(5), MIN, MAX))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(env.isSetEmpty("POLL_INTERVAL_SECONDS")).isTrue();
        assertThat(env.isSetEmpty("OTHER")).isFalse();
    }

    @Test
    void takesTheFirstAliasThatIsSet() {
        Env env = new Env(Map.of("INTERVAL", "0.05"));
        assertThat(env.seconds(List.of("POLL_INTERVAL_SECONDS", "INTERVAL"), Duration.ofSeconds(5), MIN, MAX))
                .isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void refusesSecondsThatAreNotANumberNamingTheVariableAndTheForm() {
        Env env = new Env(Map.of("POLL_INTERVAL_SECONDS", "5s"));
        assertThatThrownBy(() -> env.seconds("POLL_INTERVAL_SECONDS", Duration.ofSeconds(5), MIN, MAX))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "POLL_INTERVAL_SECONDS='5s' is not valid: expected a decimal number of seconds from 0.01 to 86400, e.g. 2.5");
    }

    @Test
    void refusesSecondsOutOfRange() {
        Env env = new Env(Map.of("POLL_INTERVAL_SECONDS", "0"));
        assertThatThrownBy(() -> env.seconds("POLL_INTERVAL_SECONDS", Duration.ofSeconds(5), MIN, MAX))
                .hasMessageContaining("POLL_INTERVAL_SECONDS='0'");
    }

    @Test
    void refusesAPortOutsideTheValidRange() {
        assertThatThrownBy(() -> new Env(Map.of("REDIS_PORT", "70000")).port("REDIS_PORT", 6379))
                .hasMessage("REDIS_PORT='70000' is not valid: expected a whole number from 1 to 65535");
        assertThatThrownBy(() -> new Env(Map.of("REDIS_PORT", "redis")).port("REDIS_PORT", 6379))
                .hasMessageContaining("REDIS_PORT='redis'");
    }

    @Test
    void readsBooleansStrictly() {
        assertThat(new Env(Map.of("REDIS_TLS", "TRUE")).bool("REDIS_TLS", false))
                .isTrue();
        assertThat(new Env(Map.of()).bool("REDIS_TLS", false)).isFalse();
        assertThatThrownBy(() -> new Env(Map.of("REDIS_TLS", "maybe")).bool("REDIS_TLS", false))
                .hasMessage("REDIS_TLS='maybe' is not valid: expected true or false");
    }

    @Test
    void readsSizesInBytesWithBinaryUnits() {
        long mib = 1024 * 1024;
        assertThat(new Env(Map.of("MAX", "16MiB")).bytes("MAX", 1, 1, 1L << 40)).isEqualTo(16 * mib);
        assertThat(new Env(Map.of("MAX", "512 KiB")).bytes("MAX", 1, 1, 1L << 40))
                .isEqualTo(512 * 1024);
        assertThat(new Env(Map.of("MAX", "4m")).bytes("MAX", 1, 1, 1L << 40)).isEqualTo(4 * mib);
        assertThat(new Env(Map.of("MAX", "1G")).bytes("MAX", 1, 1, 1L << 40)).isEqualTo(1024 * mib);
        assertThat(new Env(Map.of("MAX", "1048576")).bytes("MAX", 1, 1, 1L << 40))
                .isEqualTo(mib);
        assertThat(new Env(Map.of()).bytes("MAX", 7, 1, 10)).isEqualTo(7);
        assertThatThrownBy(() -> new Env(Map.of("MAX", "lots")).bytes("MAX", 1, 1024, 16 * mib))
                .hasMessage(
                        "MAX='lots' is not valid: expected a size in bytes from 1 KiB to 16 MiB, e.g. 16MiB or 1048576");
        assertThatThrownBy(() -> new Env(Map.of("MAX", "17MiB")).bytes("MAX", 1, 1024, 16 * mib))
                .hasMessageContaining("from 1 KiB to 16 MiB");
        assertThatThrownBy(() -> new Env(Map.of("MAX", "99999999999999999G")).bytes("MAX", 1, 1, Long.MAX_VALUE))
                .hasMessageContaining("MAX='99999999999999999G'");
    }

    @Test
    void readsOneOfAFewWordsWithoutCase() {
        assertThat(new Env(Map.of("LOG_LEVEL", "debug")).oneOf("LOG_LEVEL", "INFO", List.of("DEBUG", "INFO")))
                .isEqualTo("DEBUG");
        assertThatThrownBy(() -> LogLevel.fromEnv(new Env(Map.of("LOG_LEVEL", "verbose"))))
                .hasMessage("LOG_LEVEL='verbose' is not valid: expected one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }

    @Test
    void requiredNamesTheMissingVariable() {
        assertThatThrownBy(() -> new Env(Map.of()).required("REDIS_OUTPUT_KEY", "the Redis key to chart"))
                .hasMessage("REDIS_OUTPUT_KEY=(unset) is not valid: expected the Redis key to chart");
    }
}
