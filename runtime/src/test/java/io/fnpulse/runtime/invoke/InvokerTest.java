package io.fnpulse.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvokerTest {

    private final RuntimeContext context = new RuntimeContext("localhost", 6379, "in", "out");
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Invoker invoker = new Invoker(context, Duration.ofMillis(300), new ObjectMapper(), abandoned::incrementAndGet);

    @AfterEach
    void close() {
        invoker.close();
    }

    @Test
    void returnsTheResultAsJsonAndTheEnvToSave() {
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> {
            ctx.env().put("seen", input.get("x"));
            return Map.of("doubled", ((Number) input.get("x")).intValue() * 2);
        }), Map.of("x", 21));

        assertThat(outcome).isInstanceOf(Outcome.Success.class);
        Outcome.Success success = (Outcome.Success) outcome;
        assertThat(success.output()).contains("{\"doubled\":42}");
        assertThat(success.envJson()).isEqualTo("{\"seen\":21}");
    }

    @Test
    void writesNothingForNullOrAnEmptyMap() {
        assertThat(((Outcome.Success) invoker.invoke(new TestFunction((input, ctx) -> null), Map.of())).output()).isEmpty();
        assertThat(((Outcome.Success) invoker.invoke(new TestFunction((input, ctx) -> Map.of()), Map.of())).output()).isEmpty();
    }

    @Test
    void acceptsARecordThatSerialisesToAnObject() {
        record Reading(String name, double value) {
        }
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> new Reading("cpu", 0.5)), Map.of());
        assertThat(((Outcome.Success) outcome).output()).contains("{\"name\":\"cpu\",\"value\":0.5}");
    }

    @Test
    void rollsBackNestedEnvChangesWhenTheFunctionThrows() {
        List<Object> history = new ArrayList<>(List.of(1, 2));
        context.env().put("history", history);
        Map<String, Object> envObject = context.env();

        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) ctx.env().get("history");
            list.add(3);
            ctx.env().put("extra", true);
            throw new IllegalArgumentException("missing key cpu_percent-0");
        }), Map.of());

        assertThat(outcome).isInstanceOf(Outcome.Failure.class);
        Outcome.Failure failure = (Outcome.Failure) outcome;
        assertThat(failure.kind()).isEqualTo(FailureKind.FUNCTION_ERROR);
        assertThat(failure.cause()).isInstanceOf(IllegalArgumentException.class).hasMessage("missing key cpu_percent-0");
        assertThat(context.env()).isSameAs(envObject).containsOnlyKeys("history");
        assertThat(context.env().get("history")).isEqualTo(List.of(1, 2));
    }

    @Test
    void interruptsACallPastItsDeadlineAndRollsBack() {
        context.env().put("count", 1);
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> {
            ctx.env().put("count", 2);
            Thread.sleep(60_000);
            return Map.of("never", true);
        }), Map.of());

        assertThat(((Outcome.Failure) outcome).kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(((Outcome.Failure) outcome).message()).contains("0.3 s timeout");
        assertThat(context.env()).containsEntry("count", 1);
        assertThat(abandoned).hasValue(0);
    }

    @Test
    void endsACallThatSpinsWithoutCheckingForInterruptionAndGoesOn() {
        Outcome spinning = invoker.invoke(new TestFunction((input, ctx) -> {
            ctx.env().put("spun", true);
            long sum = 0;
            while (sum != -1) {
                sum += System.nanoTime() & 1;
            }
            return null;
        }), Map.of());
        assertThat(((Outcome.Failure) spinning).kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(context.env()).doesNotContainKey("spun");

        Outcome next = invoker.invoke(new TestFunction((input, ctx) -> Map.of("ok", true)), Map.of());
        assertThat(((Outcome.Success) next).output()).contains("{\"ok\":true}");
    }

    @Test
    void tellsTheFunctionItsRemainingTime() {
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> Map.of("left", ctx.remainingTime().toMillis())), Map.of());
        String output = ((Outcome.Success) outcome).output().orElseThrow();
        long left = Long.parseLong(output.replaceAll("\\D", ""));
        assertThat(left).isBetween(1L, 300L);
    }

    @Test
    void refusesAResultThatIsNotAnObjectNamingWhatItIs() {
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> List.of(1, 2)), Map.of());
        assertThat(((Outcome.Failure) outcome).kind()).isEqualTo(FailureKind.BAD_RESULT);
        assertThat(((Outcome.Failure) outcome).message()).contains("serialises to a JSON array, not a JSON object");
    }

    @Test
    void namesWhereInTheResultSerialisationFailed() {
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) ->
                Map.of("readings", List.of(Map.of("sensor", new Object())))), Map.of());
        assertThat(((Outcome.Failure) outcome).message())
                .isEqualTo("the result cannot be serialised to JSON at readings[0].sensor: "
                        + "no way to write a java.lang.Object (it has no public getters or fields)");
    }

    @Test
    void refusesAResultThatRefersToItself() {
        Outcome outcome = invoker.invoke(new TestFunction((input, ctx) -> {
            Map<String, Object> loop = new java.util.HashMap<>();
            loop.put("self", loop);
            return loop;
        }), Map.of());
        assertThat(((Outcome.Failure) outcome).kind()).isEqualTo(FailureKind.BAD_RESULT);
    }

    @Test
    void undoesTheLastCallWhenItsResultCouldNotBeWritten() {
        context.env().put("n", 1);
        invoker.invoke(new TestFunction((input, ctx) -> {
            ctx.env().put("n", 2);
            return Map.of("n", 2);
        }), Map.of());
        assertThat(context.env()).containsEntry("n", 2);
        invoker.undoLastCall();
        assertThat(context.env()).containsEntry("n", 1);
    }
}
