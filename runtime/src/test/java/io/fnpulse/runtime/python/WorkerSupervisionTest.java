package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.runtime.invoke.HandlerTimeoutException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker is supervised: a call past the deadline kills it and the next call runs in a new one; a worker that
 * dies during a call is reported as such (for the poison-input count) and replaced; one that exits while no call
 * runs is counted and restarted. The runtime goes on through all of it.
 */
class WorkerSupervisionTest {

    private static final String MOODY = """
            import os, threading, time

            def handler(input, context):
                context.env["calls"] = context.env.get("calls", 0) + 1
                what = input.get("do")
                if what == "spin":
                    while True:
                        pass
                if what == "exit":
                    os._exit(3)
                if what == "exit-later":
                    threading.Thread(target=lambda: (time.sleep(0.2), os._exit(4))).start()
                return {"pid": os.getpid(), "calls": context.env["calls"]}
            """;

    @TempDir
    Path dir;

    private PythonFixture moody() {
        Path function = TestCode.write(dir.resolve("moody.py"), MOODY);
        return new PythonFixture(
                dir,
                function,
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(1),
                PythonFixture.IMPORT_TIMEOUT,
                8192);
    }

    @Test
    void killsACallThatRunsPastTheDeadlineAndHandlesTheNextCallInANewWorker() throws Exception {
        try (PythonFixture python = moody()) {
            python.loaded();
            Object firstPid = output(python.succeeds(Map.of())).get("pid");

            long started = System.nanoTime();
            Outcome.Failure failure = python.fails(Map.of("do", "spin"));

            assertThat(failure.kind()).isEqualTo(CallOutcome.TIMEOUT);
            assertThat(failure.cause()).isInstanceOf(HandlerTimeoutException.class);
            assertThat(failure.message())
                    .isEqualTo("the call ran past the 1 s timeout; its Python worker was killed and is restarting");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            Map<String, Object> next = output(python.succeeds(Map.of()));
            assertThat(next.get("pid")).as("a new worker").isNotEqualTo(firstPid);
            assertThat(next.get("calls"))
                    .as("the env the killed call changed was rolled back")
                    .isEqualTo(2);
            assertThat(python.functions.stats().killedAtDeadline()).isEqualTo(1);
            assertThat(python.functions.stats().restarted()).isEqualTo(1);
        }
    }

    @Test
    void reportsAWorkerThatDiesDuringACallAndGoesOnWithANewOne() throws Exception {
        try (PythonFixture python = moody()) {
            python.loaded();
            python.succeeds(Map.of());

            Outcome died = python.call(Map.of("do", "exit"));

            assertThat(died).as("%s", died).isInstanceOf(Outcome.Died.class);
            assertThat(((Outcome.Died) died).message())
                    .startsWith("the Python worker died during the call (exit code 3)");
            assertThat(python.functions.stats().diedInCalls()).isEqualTo(1);
            assertThat(output(python.succeeds(Map.of())).get("calls")).isEqualTo(2);
        }
    }

    @Test
    void restartsAWorkerThatExitsWhileNoCallRunsAndCountsIt() throws Exception {
        try (PythonFixture python = moody()) {
            python.loaded();
            Object pid = output(python.succeeds(Map.of("do", "exit-later"))).get("pid");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> python.functions.stats().exitedBetweenCalls() == 1
                            && python.functions.stats().restarted() == 1);
            Map<String, Object> next = output(python.succeeds(Map.of()));

            assertThat(next.get("pid")).isNotEqualTo(pid);
            assertThat(next.get("calls"))
                    .as("the env of the successful call was kept")
                    .isEqualTo(2);
            assertThat(python.functions.stats().diedInCalls()).isZero();
        }
    }

    private static Map<String, Object> output(Outcome.Success success) throws Exception {
        return PythonFixture.object(success.output().orElseThrow());
    }
}
