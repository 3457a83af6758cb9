package io.fnpulse.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The process ends once an unstoppable abandoned call is recorded and no call is in flight, and only then. */
class AbandonedCallExitTest {

    private static final AbandonedCall UNSTOPPABLE = new AbandonedCall("function-x-1", Duration.ofSeconds(1), false);
    private static final AbandonedCall SURVIVED_STOP = new AbandonedCall("function-x-1", Duration.ofSeconds(1), true);

    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final AbandonedCallExit exit = new AbandonedCallExit(exits::add);

    @Test
    void endsWithItsOwnCodeWhenTheAbandonedCallEndsAndNoOtherIsInFlight() {
        exit.callStarted();
        exit.recorded(UNSTOPPABLE);
        assertThat(exit.exiting()).isTrue();
        assertThat(exits).as("its own call is still in flight").isEmpty();

        exit.callEnded();

        assertThat(exits).containsExactly(AbandonedCallExit.EXIT_CODE);
        assertThat(AbandonedCallExit.EXIT_CODE).isEqualTo(4);
    }

    @Test
    void waitsForTheOtherCallsInFlight() {
        exit.callStarted();
        exit.callStarted();
        exit.recorded(UNSTOPPABLE);
        exit.callEnded();
        assertThat(exits).isEmpty();

        exit.callEnded();

        assertThat(exits).containsExactly(AbandonedCallExit.EXIT_CODE);
    }

    @Test
    void endsOnceOnly() {
        exit.callStarted();
        exit.recorded(UNSTOPPABLE);
        exit.callEnded();
        exit.callStarted();
        exit.recorded(UNSTOPPABLE);
        exit.callEnded();

        assertThat(exits).containsExactly(AbandonedCallExit.EXIT_CODE);
    }

    @Test
    void aThreadThatSurvivedThreadStopDoesNotEndTheProcess() {
        exit.callStarted();
        exit.recorded(SURVIVED_STOP);
        exit.callEnded();

        assertThat(exit.exiting()).isFalse();
        assertThat(exits).isEmpty();
    }
}
