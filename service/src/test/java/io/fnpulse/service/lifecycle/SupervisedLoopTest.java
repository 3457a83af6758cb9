package io.fnpulse.service.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.service.redis.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisedLoopTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Liveness liveness = new Liveness(registry, Clock.systemUTC());
    private final Backoff quick = new Backoff(Duration.ofMillis(1), Duration.ofMillis(5));

    @Test
    void survivesErrorsOfEveryKindAndCountsThem() {
        AtomicInteger turns = new AtomicInteger();
        Heartbeat heartbeat = liveness.loop("work", Duration.ofSeconds(10));
        try (SupervisedLoop loop = SupervisedLoop.start(
                heartbeat,
                () -> {
                    switch (turns.incrementAndGet()) {
                        case 1 -> throw new AssertionError("an Error from user code");
                        case 2 -> throw new IllegalStateException("a defect");
                        case 3 -> throw new NoClassDefFoundError("gone.Class");
                        case 4 -> throw new StackOverflowError();
                        default -> Thread.sleep(1);
                    }
                },
                quick)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> turns.get() > 10);
            assertThat(loop.isAlive()).isTrue();
            assertThat(liveness.check().alive()).isTrue();
            for (String error : new String[] {
                "AssertionError", "IllegalStateException", "NoClassDefFoundError", "StackOverflowError"
            }) {
                assertThat(registry.get("fnpulse.loop.errors")
                                .tag("loop", "work")
                                .tag("error", error)
                                .counter()
                                .count())
                        .as(error)
                        .isEqualTo(1.0);
            }
        }
        assertThat(liveness.check().alive()).isFalse();
        assertThat(liveness.check().detail()).contains("loop 'work' ended at").contains("stopped");
    }

    @Test
    void anOutOfMemoryErrorEndsTheLoopAndHealthSaysSo() throws Exception {
        Heartbeat heartbeat = liveness.loop("poll", Duration.ofSeconds(10));
        SupervisedLoop loop = SupervisedLoop.start(
                heartbeat,
                () -> {
                    throw new OutOfMemoryError("Java heap space");
                },
                quick);
        assertThat(loop.join(Duration.ofSeconds(5))).isTrue();
        Liveness.Report report = liveness.check();
        assertThat(report.alive()).isFalse();
        assertThat(report.detail()).contains("loop 'poll' ended at").contains("OutOfMemoryError: Java heap space");
    }

    @Test
    void aLoopThatStopsBeatingIsReportedAsStalled() throws Exception {
        Heartbeat heartbeat = liveness.loop("function", Duration.ofMillis(100));
        try (SupervisedLoop loop = SupervisedLoop.start(heartbeat, () -> Thread.sleep(60_000), quick)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> !liveness.check().alive());
            assertThat(liveness.check().detail())
                    .contains("loop 'function' missed its heartbeat")
                    .contains("the next was due within 0.1 s")
                    .contains("stalled since");
            assertThat(heartbeat.fresh()).isFalse();
        }
    }

    @Test
    void aTurnThatPromisesMoreTimeIsNotStalled() {
        Heartbeat heartbeat = liveness.loop("function", Duration.ofMillis(50));
        heartbeat.beatWithin(Duration.ofSeconds(30));
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);
        assertThat(heartbeat.fresh()).isTrue();
        assertThat(liveness.check().alive()).isTrue();
    }
}
