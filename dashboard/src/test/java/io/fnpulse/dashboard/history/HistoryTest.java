package io.fnpulse.dashboard.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    private static final Duration POLL = Duration.ofMillis(2_500);

    private static Map<String, Double> value(double v) {
        return Map.of("x", v);
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheOldest() {
        History history = new History(3, Duration.ofHours(1), POLL);
        for (int i = 0; i < 5; i++) {
            history.append(T0.plusSeconds(5L * i), value(i));
        }
        assertThat(history.all()).extracting(s -> s.values().get("x")).containsExactly(2.0, 3.0, 4.0);
        assertThat(history.size()).isEqualTo(3);
    }

    @Test
    void dropsSamplesOlderThanTheWindow() {
        History history = new History(1_000, Duration.ofMinutes(1), POLL);
        history.append(T0, value(1));
        history.append(T0.plusSeconds(30), value(2));
        history.append(T0.plusSeconds(61), value(3));
        assertThat(history.all()).extracting(s -> s.values().get("x")).containsExactly(2.0, 3.0);
    }

    @Test
    void servesOnlyWhatCameAfterAGivenTime() {
        History history = new History(100, Duration.ofHours(1), POLL);
        for (int i = 0; i < 10; i++) {
            history.append(T0.plusSeconds(5L * i), value(i));
        }
        long fifth = T0.plusSeconds(20).toEpochMilli();
        assertThat(history.since(fifth)).extracting(s -> s.values().get("x")).containsExactly(5.0, 6.0, 7.0, 8.0, 9.0);
        assertThat(history.since(fifth - 1)).hasSize(6);
        assertThat(history.since(T0.plusSeconds(45).toEpochMilli())).isEmpty();
        assertThat(history.since(0)).hasSize(10);
    }

    @Test
    void servesSinceCorrectlyAfterTheRingWrapped() {
        History history = new History(4, Duration.ofHours(1), POLL);
        for (int i = 0; i < 7; i++) {
            history.append(T0.plusSeconds(5L * i), value(i));
        }
        assertThat(history.since(T0.plusSeconds(20).toEpochMilli()))
                .extracting(s -> s.values().get("x"))
                .containsExactly(5.0, 6.0);
    }

    @Test
    void timesStrictlyIncreaseEvenIfTheClockStepsBack() {
        History history = new History(10, Duration.ofHours(1), POLL);
        Sample first = history.append(T0, value(1));
        Sample second = history.append(T0.minusSeconds(3), value(2));
        assertThat(second.t()).isGreaterThan(first.t());
    }

    @Test
    void marksAGapWhereSamplesAreMissing() {
        History history = new History(100, Duration.ofHours(1), POLL);
        for (int i = 0; i < 5; i++) {
            assertThat(history.append(T0.plusSeconds(5L * i), value(i)).gap()).isFalse();
        }
        assertThat(history.append(T0.plusSeconds(20 + 60), value(9)).gap()).isTrue();
    }

    @Test
    void aWriterSlowerThanThePollIsNotCalledStaleBetweenWrites() {
        History history = new History(100, Duration.ofHours(1), POLL);
        assertThat(history.staleAfter()).isEqualTo(Duration.ofMillis(7_500));
        for (int i = 0; i < 10; i++) {
            history.append(T0.plusSeconds(5L * i), value(i));
        }
        assertThat(history.staleAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(history.append(T0.plusSeconds(45 + 10), value(10)).gap())
                .as("one write skipped is not a gap")
                .isFalse();
    }
}
