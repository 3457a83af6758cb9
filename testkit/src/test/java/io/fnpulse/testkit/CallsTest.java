package io.fnpulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calls behave as the runtime's: one env carried across successes, failures as its status says them. */
class CallsTest {

    @TempDir
    Path dir;

    private Path source;

    @BeforeEach
    void writeFunction() {
        source = TestCode.write(dir.resolve("Probe.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Probe {
                    public Object handle(Map<String, Object> input, Context context) throws Exception {
                        String mode = String.valueOf(input.get("mode"));
                        long seen = ((Number) context.env().getOrDefault("seen", 0)).longValue() + 1;
                        context.env().put("seen", seen);
                        switch (mode) {
                            case "throw": throw new IllegalStateException("no " + input.get("what"));
                            case "print": System.out.println("hello " + seen); System.err.println("careful"); break;
                            case "nothing": return null;
                            case "list": return java.util.List.of(1, 2);
                            case "sleep": Thread.sleep(10_000); break;
                            case "context": return Map.of("input", context.inputKey(), "host", context.host());
                            default: break;
                        }
                        return Map.of("seen", seen);
                    }
                }
                """);
    }

    private FunctionUnderTest load() {
        return FunctionUnderTest.from(source)
                .codeCache(dir.resolve("cache"))
                .timeout(Duration.ofMillis(500))
                .load();
    }

    @Test
    void theEnvOfASuccessfulCallIsWhatTheNextStartsFrom() {
        try (FunctionUnderTest function = load()) {
            assertThat(function.call(Map.of("mode", "ok")).expectOutput()).containsEntry("seen", 1);
            Call second = function.call(Map.of("mode", "ok"));
            assertThat(second.expectOutput()).containsEntry("seen", 2);
            assertThat(second.env()).containsEntry("seen", 2);
            assertThat(function.envJson()).isEqualTo("{\"seen\":2}");
        }
    }

    @Test
    void aFailedCallLeavesTheEnvAsItWasAndSaysWhatTheStatusWouldSay() {
        try (FunctionUnderTest function = load()) {
            function.call(Map.of("mode", "ok"));
            Call failed = function.call(Map.of("mode", "throw", "what", "eth0"));
            assertThat(failed.succeeded()).isFalse();
            assertThat(failed.outputJson()).isEmpty();
            assertThat(failed.env()).containsEntry("seen", 1);
            Failure failure = failed.failure().orElseThrow();
            assertThat(failure.outcome()).isEqualTo("function_error");
            assertThat(failure.describe()).isEqualTo("function_error: java.lang.IllegalStateException: no eth0");
            assertThat(new Failure("bad_input", "io.fnpulse.runtime.invoke.InvalidInputException", "not JSON", "")
                            .describe())
                    .as("the runtime's own refusal: the outcome says the kind, the message the rest")
                    .isEqualTo("bad_input: not JSON");
            assertThat(failure.stackTrace()).contains("Probe.handle(Probe.java:10)");
            assertThatThrownBy(failed::expectOutput)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no eth0");
            assertThat(function.call(Map.of("mode", "ok")).expectOutput()).containsEntry("seen", 2);
        }
    }

    @Test
    void whatACallPrintsIsKeptWithIt() {
        try (FunctionUnderTest function = load()) {
            Call call = function.call(Map.of("mode", "print"));
            assertThat(call.stdout()).isEqualTo("hello 1\n");
            assertThat(call.stderr()).isEqualTo("careful\n");
        }
    }

    @Test
    void nullWritesNothing() {
        try (FunctionUnderTest function = load()) {
            Call call = function.call(Map.of("mode", "nothing"));
            assertThat(call.succeeded()).isTrue();
            assertThat(call.outputJson()).isEmpty();
            assertThatThrownBy(call::expectOutput).hasMessageContaining("returned nothing");
        }
    }

    @Test
    void aResultThatIsNotAJsonObjectIsABadResult() {
        try (FunctionUnderTest function = load()) {
            Failure failure = function.call(Map.of("mode", "list")).failure().orElseThrow();
            assertThat(failure.outcome()).isEqualTo("bad_result");
            assertThat(failure.message()).contains("serialises to a JSON array, not a JSON object");
        }
    }

    @Test
    void aCallPastTheDeadlineTimesOut() {
        try (FunctionUnderTest function = load()) {
            Failure failure = function.call(Map.of("mode", "sleep")).failure().orElseThrow();
            assertThat(failure.outcome()).isEqualTo("timeout");
            assertThat(failure.message()).contains("the call ran past the 0.5 s timeout");
        }
    }

    @Test
    void textThatIsNotAJsonObjectIsABadInputAndTheFunctionIsNotCalled() {
        try (FunctionUnderTest function = load()) {
            Failure failure = function.call("[1, 2]").failure().orElseThrow();
            assertThat(failure.outcome()).isEqualTo("bad_input");
            assertThat(failure.message()).startsWith("the input is a JSON array, not a JSON object");
            assertThat(function.env()).isEmpty();
        }
    }

    @Test
    void callsEachLineOfAJsonlFileInOrder() {
        Path inputs = TestCode.write(dir.resolve("inputs.jsonl"), """
                {"mode": "ok"}

                {"mode": "throw", "what": "x"}
                {"mode": "ok"}
                """);
        try (FunctionUnderTest function = load()) {
            List<Call> calls = function.callEach(inputs);
            assertThat(calls).extracting(Call::succeeded).containsExactly(true, false, true);
            assertThat(calls.get(2).expectOutput()).containsEntry("seen", 2);
        }
    }

    @Test
    void startsFromASavedEnvAndSeesTheContextItIsGiven() {
        try (FunctionUnderTest function = FunctionUnderTest.from(source)
                .codeCache(dir.resolve("cache"))
                .env(Map.of("seen", 41))
                .context("redis.example", 6380, "metrics:host-a", "out")
                .load()) {
            assertThat(function.call(Map.of("mode", "ok")).expectOutput()).containsEntry("seen", 42);
            assertThat(function.call(Map.of("mode", "context")).expectOutput())
                    .containsEntry("input", "metrics:host-a")
                    .containsEntry("host", "redis.example");
        }
    }

    @Test
    void aClosedFunctionCannotBeCalled() {
        FunctionUnderTest function = load();
        function.close();
        assertThatThrownBy(() -> function.call(Map.of("mode", "ok"))).isInstanceOf(IllegalStateException.class);
    }
}
