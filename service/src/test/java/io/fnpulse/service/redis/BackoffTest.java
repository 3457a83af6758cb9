package io.fnpulse.service.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void growsToTheCapAndNeverBeyond() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        Duration last = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            last = backoff.nextDelay();
            assertThat(last).isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
        assertThat(last).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void startsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
        for (int i = 0; i < 10; i++) {
            backoff.nextDelay();
        }
        backoff.reset();
        assertThat(backoff.nextDelay()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }
}
