package io.fnpulse.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fnpulse.runtime.worker.UserCodeFailure.TimedOut.Ending;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Code past its deadline on the JDK this runs on: stopped where the JDK has {@code Thread.stop} (17 to 19), abandoned
 * and reported as ending the process where it has not (20 on). Run on both: {@code ./mvnw test} on Java 17, and
 * with {@code JAVA_HOME} at a Java 25 JDK.
 */
class FunctionWorkerTest {

    private static final Duration TIMEOUT = Duration.ofMillis(100);

    private final List<AbandonedCall> abandoned = new CopyOnWriteArrayList<>();
    private final FunctionWorker worker =
            new FunctionWorker("function-test", getClass().getClassLoader(), abandoned::add);
    /** Lets spinning code end once the test is over, interrupt or not: nothing else would on Java 20+. */
    private final AtomicBoolean release = new AtomicBoolean();

    @AfterEach
    void releaseSpinningCode() {
        release.set(true);
        worker.close();
    }

    @Test
    void thisJdkHasThreadStopOnlyBeforeJava20() {
        assertThat(ThreadStop.available()).isEqualTo(Runtime.version().feature() < 20);
    }

    @Test
    void codeThatIgnoresItsInterruptIsStoppedWhereTheJdkCanAndAbandonedForGoodWhereItCannot() throws Exception {
        UserCodeFailure.TimedOut timedOut = catchThrowableOfType(
                UserCodeFailure.TimedOut.class,
                () -> worker.run(
                        () -> {
                            spinIgnoringInterrupts();
                            return "never";
                        },
                        TIMEOUT));

        if (ThreadStop.available()) {
            assertThat(timedOut.ending()).isEqualTo(Ending.STOPPED);
            assertThat(timedOut.abandoned()).isEmpty();
            assertThat(abandoned).isEmpty();
        } else {
            assertThat(timedOut.ending()).isEqualTo(Ending.ABANDONED);
            AbandonedCall call = timedOut.abandoned().orElseThrow();
            assertThat(call.thread()).isEqualTo("function-test-1");
            assertThat(call.timeout()).isEqualTo(TIMEOUT);
            assertThat(call.stoppable()).isFalse();
            assertThat(call.endsProcess()).isTrue();
            assertThat(abandoned).containsExactly(call);
        }
        assertThat(worker.run(() -> "next", TIMEOUT))
                .as("the next call goes on")
                .isEqualTo("next");
        assertThat(worker.startedThreads())
                .as("threads besides the worker: the abandoned one, still spinning")
                .isEqualTo(ThreadStop.available() ? 0 : 1);
    }

    @Test
    void codeThatSurvivesThreadStopIsAbandonedButDoesNotEndTheProcess() throws Exception {
        assumeTrue(ThreadStop.available(), "Thread.stop exists on Java 17 to 19 only");

        UserCodeFailure.TimedOut timedOut = catchThrowableOfType(
                UserCodeFailure.TimedOut.class,
                () -> worker.run(
                        () -> {
                            while (!release.get()) {
                                try {
                                    spinIgnoringInterrupts();
                                } catch (ThreadDeath survived) {
                                    // and on it goes
                                }
                            }
                            return "never";
                        },
                        TIMEOUT));

        assertThat(timedOut.ending()).isEqualTo(Ending.ABANDONED);
        assertThat(timedOut.abandoned()).hasValueSatisfying(call -> {
            assertThat(call.stoppable()).isTrue();
            assertThat(call.endsProcess()).isFalse();
        });
        assertThat(abandoned).hasSize(1);
    }

    @Test
    void codeThatHeedsTheInterruptIsNeitherStoppedNorAbandoned() {
        UserCodeFailure.TimedOut timedOut = catchThrowableOfType(
                UserCodeFailure.TimedOut.class,
                () -> worker.run(
                        () -> {
                            Thread.sleep(60_000);
                            return "never";
                        },
                        TIMEOUT));

        assertThat(timedOut.ending()).isEqualTo(Ending.INTERRUPTED);
        assertThat(abandoned).isEmpty();
    }

    private void spinIgnoringInterrupts() {
        long spins = 0;
        while (!release.get()) {
            spins++;
        }
        if (spins < 0) {
            throw new AssertionError("unreachable: keeps the loop from being optimised away");
        }
    }
}
