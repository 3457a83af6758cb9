package io.fnpulse.service.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecondsTest {

    private static final List<Duration> SAMPLES = List.of(
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            Duration.ofMillis(2500),
            Duration.ofMillis(50),
            Duration.ofMillis(10),
            Duration.ofNanos(1),
            Duration.ofNanos(1_000_000_001),
            Duration.ofMillis(1250),
            Duration.ofMillis(1249),
            Duration.ofMillis(40),
            Duration.ofMillis(-2500),
            Duration.ofMillis(-500),
            Duration.ofMillis(-1250),
            Duration.ofMillis(-40),
            Duration.ofDays(365 * 100).plusNanos(7));

    @Test
    void writesDecimalSecondsWithoutTrailingZeros() {
        assertThat(Seconds.of(Duration.ofMillis(2500))).isEqualTo("2.5");
        assertThat(Seconds.of(Duration.ofSeconds(30))).isEqualTo("30");
        assertThat(Seconds.of(Duration.ofMillis(50))).isEqualTo("0.05");
        assertThat(Seconds.of(Duration.ofMillis(-500))).isEqualTo("-0.5");
        assertThat(Seconds.of(Duration.ZERO)).isEqualTo("0");
    }

    @Test
    void roundsToATenthHalfAwayFromZero() {
        assertThat(Seconds.rounded(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
        assertThat(Seconds.rounded(Duration.ofMillis(1250))).isEqualTo("1.3 s");
        assertThat(Seconds.rounded(Duration.ofMillis(-1250))).isEqualTo("-1.3 s");
        assertThat(Seconds.rounded(Duration.ofMillis(40))).isEqualTo("0.0 s");
    }

    @Test
    void agreesWithBigDecimalOnEverySample() {
        for (Duration duration : SAMPLES) {
            assertThat(Seconds.of(duration))
                    .as("%s", duration)
                    .isEqualTo(BigDecimal.valueOf(duration.toNanos(), 9)
                            .stripTrailingZeros()
                            .toPlainString());
            assertThat(Seconds.rounded(duration))
                    .as("%s", duration)
                    .isEqualTo(BigDecimal.valueOf(duration.toMillis(), 3)
                                    .setScale(1, RoundingMode.HALF_UP)
                                    .toPlainString()
                            + " s");
        }
    }
}
