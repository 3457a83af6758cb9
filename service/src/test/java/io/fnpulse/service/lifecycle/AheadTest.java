package io.fnpulse.service.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AheadTest {

    @Test
    void makesTheValueOnADaemonThreadOfItsOwnWhileTheCallerGoesOn() throws InterruptedException {
        CountDownLatch callerWentOn = new CountDownLatch(1);

        Ahead<String> made = Ahead.start("made-ahead", () -> {
            try {
                callerWentOn.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            Thread thread = Thread.currentThread();
            return thread.getName() + (thread.isDaemon() ? " (daemon)" : "");
        });
        callerWentOn.countDown();

        assertThat(made.get()).isEqualTo("made-ahead (daemon)");
    }

    @Test
    void throwsWhatMakingTheValueThrewAsItWas() {
        UncheckedIOException failure = new UncheckedIOException("cannot connect", new java.io.IOException("refused"));

        Ahead<String> made = Ahead.start("failing-ahead", () -> {
            throw failure;
        });

        assertThatThrownBy(made::get).isSameAs(failure);
    }

    @Test
    void keepsAnInterruptWhileWaitingForLater() {
        Ahead<String> made = Ahead.start("slow-ahead", () -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "made";
        });
        Thread.currentThread().interrupt();

        assertThat(made.get()).isEqualTo("made");
        assertThat(Thread.interrupted()).isTrue();
    }
}
