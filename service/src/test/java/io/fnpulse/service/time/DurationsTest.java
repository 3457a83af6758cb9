package io.fnpulse.service.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void multipliesExactlyAsTheJdkDoes() {
        for (Duration duration : new Duration[] {
            Duration.ZERO, Duration.ofMillis(1500), Duration.ofNanos(333_333_333), Duration.ofSeconds(-7, 3)
        }) {
            for (long factor : new long[] {0, 1, 2, 3, 6, -4}) {
                assertThat(Durations.times(duration, factor)).isEqualTo(duration.multipliedBy(factor));
            }
        }
    }

    @Test
    void refusesAProductBeyondWhatNanosecondsHold() {
        assertThatThrownBy(() -> Durations.times(Duration.ofDays(365L * 200), 2))
                .isInstanceOf(ArithmeticException.class);
    }
}
