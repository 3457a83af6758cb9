package io.fnpulse.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.function.CallOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvokerTest {

    private final RuntimeContext context = new RuntimeContext("localhost", 6379, "in", "out");
    private final AtomicInteger abandoned = new AtomicInteger();
    private final FunctionWorker worker =
            new FunctionWorker("function-test", getClass().getClassLoader(), abandoned::incrementAndGet);
    /** For the tests of the deadline itself. */
    private final Invoker invoker = new Invoker(context, Duration.ofMillis(300), new ObjectMapper(), 1024);
    /** For the others: a first serialisation on a busy machine can take longer than the deadline tests' 0.3 s. */
    private final Invoker patient = new Invoker(context, Duration.ofSeconds(30), new ObjectMapper(), 1024);

    @AfterEach
    void close() {
        worker.close();
    }

    private Outcome invoke(Handler handler, Map<String, Object> input) throws InterruptedException {
        return patient.invoke(new TestFunction(handler, worker), input);
    }

    private Outcome invokeWithin300Ms(Handler handler, Map<String, Object> input) throws InterruptedException {
        return invoker.invoke(new TestFunction(handler, worker), input);
    }

    /** As the loop does once the state is saved. */
    private Outcome.Success commit(Outcome outcome) {
        Outcome.Success success = (Outcome.Success) outcome;
        context.commitEnv(success.env(), success.form());
        return success;
    }

    @Test
    void returnsTheResultAsJsonAndTheEnvToSave() throws Exception {
        Outcome outcome = invoke(
                (input, ctx) -> {
                    ctx.env().put("seen", input.get("x"));
                    return Map.of("doubled", ((Number) input.get("x")).intValue() * 2);
                },
                Map.of("x", 21));

        Outcome.Success success = commit(outcome);
        assertThat(success.output()).contains("{\"doubled\":42}");
        assertThat(success.envJson()).isEqualTo("{\"seen\":21}");
        assertThat(context.env()).containsEntry("seen", 21);
    }

    @Test
    void writesNothingForNullOrAnEmptyMap() throws Exception {
        assertThat(((Outcome.Success) invoke((input, ctx) -> null, Map.of())).output())
                .isEmpty();
        assertThat(((Outcome.Success) invoke((input, ctx) -> Map.of(), Map.of())).output())
                .isEmpty();
    }

    @Test
    void acceptsARecordThatSerialisesToAnObject() throws Exception {
        record Reading(String name, double value) {}
        Outcome outcome = invoke((input, ctx) -> new Reading("cpu", 0.5), Map.of());
        assertThat(((Outcome.Success) outcome).output()).contains("{\"name\":\"cpu\",\"value\":0.5}");
    }

    @Test
    void aFailedCallLeavesTheLiveEnvAsItWas() throws Exception {
        commit(invoke(
                (input, ctx) -> {
                    ctx.env().put("history", new ArrayList<>(List.of(1, 2)));
                    return null;
                },
                Map.of()));

        Outcome outcome = invoke(
                (input, ctx) -> {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) ctx.env().get("history");
                    list.add(3);
                    ctx.env().put("extra", true);
                    throw new IllegalArgumentException("missing key cpu_percent-0");
                },
                Map.of());

        Outcome.Failure failure = (Outcome.Failure) outcome;
        assertThat(failure.kind()).isEqualTo(CallOutcome.FUNCTION_ERROR);
        assertThat(failure.cause())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing key cpu_percent-0");
        assertThat(context.env()).containsOnlyKeys("history").containsEntry("history", List.of(1, 2));
    }

    @Test
    void eachCallAfterACommitStartsFromTheCommittedEnvHoweverTheCallsBeforeItChangedTheirs() throws Exception {
        commit(invoke(
                (input, ctx) -> {
                    ctx.env().put("history", new ArrayList<>(List.of(List.of(1, 2))));
                    return null;
                },
                Map.of()));
        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Outcome outcome = invoke(
                    (input, ctx) -> {
                        @SuppressWarnings("unchecked")
                        List<Object> history = (List<Object>) ctx.env().get("history");
                        seen.add(history.toString());
                        history.add(List.of(3));
                        @SuppressWarnings("unchecked")
                        List<Object> first = (List<Object>) history.get(0);
                        first.set(0, -1);
                        throw new IllegalStateException("fails");
                    },
                    Map.of());
            assertThat(outcome).isInstanceOf(Outcome.Failure.class);
        }

        assertThat(seen).containsExactly("[[1, 2]]", "[[1, 2]]", "[[1, 2]]");
        assertThat(context.env()).isEqualTo(Map.of("history", List.of(List.of(1, 2))));
    }

    @Test
    void eachCallHasItsOwnEnvSoAThreadThatOutlivesItsCallWritesNowhere() throws Exception {
        CountDownLatch lateWriteDone = new CountDownLatch(1);
        commit(invoke(
                (input, ctx) -> {
                    ctx.env().put("n", 1);
                    Map<String, Object> mine = ctx.env();
                    new Thread(() -> {
                                sleep(200);
                                mine.put("late", "held reference");
                                ctx.env().put("later", "asked the context");
                                lateWriteDone.countDown();
                            })
                            .start();
                    return null;
                },
                Map.of()));
        assertThat(lateWriteDone.await(5, TimeUnit.SECONDS)).isTrue();

        Outcome.Success next = commit(invoke((input, ctx) -> Map.of("env", new LinkedHashMap<>(ctx.env())), Map.of()));
        assertThat(next.output()).contains("{\"env\":{\"n\":1}}");
        assertThat(context.env()).containsOnlyKeys("n");
    }

    @Test
    void normalisesTheEnvThroughJsonSoACallSeesWhatARestartRestores() throws Exception {
        record Point(int x, int y) {}
        commit(invoke(
                (input, ctx) -> {
                    ctx.env().put("points", new Object[] {new Point(1, 2), null});
                    ctx.env().put("ids", Arrays.asList(1L, null, 3L));
                    return null;
                },
                Map.of()));

        Map<String, Object> env = context.env();
        assertThat(env.get("points")).isEqualTo(Arrays.asList(Map.of("x", 1, "y", 2), null));
        assertThat(env.get("ids")).isEqualTo(Arrays.asList(1, null, 3));
        Outcome next = invoke((input, ctx) -> Map.of("ok", ctx.env().get("ids").toString()), Map.of());
        assertThat(next).isInstanceOf(Outcome.Success.class);
    }

    @Test
    void refusesAnEnvValueJsonCannotHoldNamingWhereItIs() throws Exception {
        Outcome outcome = invoke(
                (input, ctx) -> {
                    ctx.env().put("cpu", Map.of("avg", List.of(1.0, Double.NaN)));
                    return Map.of("ok", true);
                },
                Map.of());
        Outcome.Failure failure = (Outcome.Failure) outcome;
        assertThat(failure.kind()).isEqualTo(CallOutcome.BAD_ENV);
        assertThat(failure.message())
                .isEqualTo("context.env at cpu.avg[1] holds NaN, which JSON cannot hold;"
                        + " store null or a string instead");

        Outcome unwritable = invoke(
                (input, ctx) -> {
                    ctx.env().put("opaque", new Object());
                    return null;
                },
                Map.of());
        assertThat(((Outcome.Failure) unwritable).kind()).isEqualTo(CallOutcome.BAD_ENV);
        assertThat(((Outcome.Failure) unwritable).message()).startsWith("context.env cannot be serialised to JSON at");
        assertThat(context.env()).isEmpty();
    }

    @Test
    void interruptsACallPastItsDeadlineAndKeepsTheLiveEnv() throws Exception {
        commit(invokeWithin300Ms(
                (input, ctx) -> {
                    ctx.env().put("count", 1);
                    return null;
                },
                Map.of()));
        Outcome outcome = invokeWithin300Ms(
                (input, ctx) -> {
                    ctx.env().put("count", 2);
                    Thread.sleep(60_000);
                    return Map.of("never", true);
                },
                Map.of());

        assertThat(((Outcome.Failure) outcome).kind()).isEqualTo(CallOutcome.TIMEOUT);
        assertThat(((Outcome.Failure) outcome).message())
                .contains("0.3 s timeout")
                .contains("interrupted");
        assertThat(context.env()).containsEntry("count", 1);
        assertThat(abandoned).hasValue(0);
    }

    @Test
    @SuppressWarnings("removal")
    void aCallThatSurvivesBeingStoppedIsAbandonedAndItsWritesGoNowhere() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        Outcome stubborn = invokeWithin300Ms(
                (input, ctx) -> {
                    while (System.nanoTime() < until) {
                        try {
                            while (System.nanoTime() < until) {
                                ctx.env().put("stubborn", System.nanoTime());
                            }
                        } catch (ThreadDeath ignored) {
                            // refuses to die, as hostile code may
                        }
                    }
                    return null;
                },
                Map.of());
        assertThat(((Outcome.Failure) stubborn).kind()).isEqualTo(CallOutcome.TIMEOUT);
        assertThat(((Outcome.Failure) stubborn).message()).contains("abandoned");
        assertThat(abandoned).hasValue(1);

        Outcome.Success next = commit(invokeWithin300Ms((input, ctx) -> Map.of("ok", true), Map.of()));
        assertThat(next.output()).contains("{\"ok\":true}");
        assertThat(context.env()).doesNotContainKey("stubborn");
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.startedThreads() == 0);
    }

    @Test
    void endsACallThatSpinsWithoutCheckingForInterruptionAndGoesOn() throws Exception {
        Outcome spinning = invokeWithin300Ms(
                (input, ctx) -> {
                    ctx.env().put("spun", true);
                    long sum = 0;
                    while (sum != -1) {
                        sum += System.nanoTime() & 1;
                    }
                    return null;
                },
                Map.of());
        assertThat(((Outcome.Failure) spinning).kind()).isEqualTo(CallOutcome.TIMEOUT);
        assertThat(context.env()).doesNotContainKey("spun");

        Outcome next = invokeWithin300Ms((input, ctx) -> Map.of("ok", true), Map.of());
        assertThat(((Outcome.Success) next).output()).contains("{\"ok\":true}");
    }

    @Test
    void anOutOfMemoryErrorIsNotAFailedCallButTheEndOfTheProcess() {
        assertThatThrownBy(() -> invoke(
                        (input, ctx) -> {
                            throw new OutOfMemoryError("Java heap space");
                        },
                        Map.of()))
                .isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void tellsTheFunctionItsRemainingTime() throws Exception {
        Outcome outcome = invokeWithin300Ms(
                (input, ctx) -> Map.of("left", ctx.remainingTime().toMillis()), Map.of());
        String output = ((Outcome.Success) outcome).output().orElseThrow();
        long left = Long.parseLong(output.replaceAll("\\D", ""));
        assertThat(left).isBetween(1L, 300L);
        assertThat(context.remainingTime()).as("outside any call").isZero();
    }

    @Test
    void refusesAResultThatIsNotAnObjectNamingWhatItIs() throws Exception {
        Outcome outcome = invoke((input, ctx) -> List.of(1, 2), Map.of());
        assertThat(((Outcome.Failure) outcome).kind()).isEqualTo(CallOutcome.BAD_RESULT);
        assertThat(((Outcome.Failure) outcome).message()).contains("serialises to a JSON array, not a JSON object");
    }

    @Test
    void namesWhereInTheResultSerialisationFailed() throws Exception {
        Outcome outcome = invoke((input, ctx) -> Map.of("readings", List.of(Map.of("sensor", new Object()))), Map.of());
        assertThat(((Outcome.Failure) outcome).message())
                .isEqualTo("the result cannot be serialised to JSON at readings[0].sensor: "
                        + "no way to write a java.lang.Object (it has no public getters or fields)");
    }

    @Test
    void refusesAResultThatRefersToItself() throws Exception {
        Outcome outcome = invoke(
                (input, ctx) -> {
                    Map<String, Object> loop = new java.util.HashMap<>();
                    loop.put("self", loop);
                    return loop;
                },
                Map.of());
        assertThat(((Outcome.Failure) outcome).kind()).isEqualTo(CallOutcome.BAD_RESULT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
