package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.ExternalCall;
import io.fnpulse.runtime.invoke.ExternalFunction;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.invoke.UnreadableEnvException;
import io.fnpulse.runtime.invoke.WorkerDiedException;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.text.Digest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A function whose calls run in a worker process (a Python function's) as the path sees it: a worker that dies in a
 * call counts toward POISON_RETRIES as a death of the runtime does, and a restored env the worker cannot read is set
 * aside. The worker's answers are scripted here; the real worker is run by the Python end-to-end tests.
 */
class WorkerDeathTest {

    private static final Instant NOW = Instant.parse("2026-12-08T03:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final RuntimeContext context = new RuntimeContext("localhost", 6379, "in", "out");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeRecords records = new FakeRecords();
    private final TestStateKey state = new TestStateKey(true);

    @Test
    void aWorkerThatDiesInACallMakesItAPoisonInputAtOnceByDefault() throws Exception {
        context.restoreEnv(Map.of("kept", Map.of("$tuple", List.of(1, 2))), EnvForm.PYTHON);
        Scripted worker = new Scripted(call -> died());
        Input.Value input = input("{\"exit\":true}");

        assertThat(path(worker, 1).handle(input)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(worker.calls).hasSize(1);
        assertThat(records.events).containsExactly("inflight " + input.digest() + " 0/0", "commit");
        assertThat(records.lastState())
                .as("marked handled, the env unchanged and still in its form")
                .contains(input.digest() + " {\"kept\":{\"$tuple\":[1,2]}}");
        JsonNode call = json.valueToTree(records.last().calls().get(0));
        assertThat(call.path("outcome").asText()).isEqualTo(CallOutcome.POISON_INPUT.tag());
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(status.at("/error/message").asText())
                .contains("died 1 time")
                .contains("POISON_RETRIES=1")
                .contains("(the Python worker died during the call (exit code 3))");
        assertThat(registry.get("fnpulse.poison.inputs").counter().count()).isEqualTo(1);
        assertThat(context.envForm()).isEqualTo(EnvForm.PYTHON);
    }

    @Test
    void withRetriesLeftItIsCalledAgainWithTheDeathsCountedInItsMarker() throws Exception {
        Scripted worker = new Scripted(died(), succeeded("{\"ok\":true}"));
        Input.Value input = input("{\"x\":1}");

        path(worker, 2).handle(input);

        assertThat(worker.calls).hasSize(2);
        assertThat(records.events)
                .containsExactly(
                        "inflight " + input.digest() + " 0/0", "inflight " + input.digest() + " 1/0", "commit");
        assertThat(json.valueToTree(records.last().calls().get(0))
                        .path("outcome")
                        .asText())
                .isEqualTo("success");
        assertThat(registry.find("fnpulse.poison.inputs").counter().count()).isZero();
    }

    @Test
    void aStreamEntryWhoseWorkerDiesTooOftenGoesToTheDeadLetters() throws Exception {
        Scripted worker = new Scripted(died(), died());
        Input.Entry entry = new Input.Entry("5-0", "{\"x\":1}", Digest.ofText("{\"x\":1}"));

        path(worker, 2, 3).handle(entry);

        assertThat(worker.calls).as("deaths are not failed attempts").hasSize(2);
        assertThat(records.last().acks()).containsExactly("5-0");
        JsonNode letter = json.valueToTree(records.last().dead().get(0));
        assertThat(letter.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(letter.path("attempts").asInt()).as("the deaths").isEqualTo(2);
    }

    @Test
    void aRestoredEnvTheWorkerCannotReadIsSetAsideAndTheCallMadeAgainFromAnEmptyEnv() throws Exception {
        context.restoreEnv(Map.of("when", Map.of("$datetime", "not a date")), EnvForm.PYTHON);
        Scripted worker = new Scripted(
                new Outcome.Failure(
                        CallOutcome.BAD_ENV,
                        new UnreadableEnvException(
                                "the saved env cannot be restored: env['when']: $datetime is not readable"),
                        Duration.ZERO),
                succeeded("{\"ok\":true}"));

        path(worker, 1).handle(input("{\"x\":1}"));

        assertThat(state.setAside)
                .containsExactly("the saved env cannot be restored: env['when']: $datetime is not readable");
        assertThat(worker.calls).hasSize(2);
        assertThat(worker.calls.get(1)).as("the second call's env").isEmpty();
        assertThat(json.valueToTree(records.last().calls().get(0))
                        .path("outcome")
                        .asText())
                .isEqualTo("success");
    }

    private InputPath path(ExternalFunction function, int poisonRetries) {
        return path(function, poisonRetries, 1);
    }

    private InputPath path(ExternalFunction function, int poisonRetries, int maxAttempts) {
        Optional<LoadedFunction> code = Optional.of(function);
        return TestPaths.of(
                () -> code,
                context,
                records,
                state,
                registry,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new InputPath.Rules(poisonRetries, maxAttempts, false),
                DeathWatch.embedded());
    }

    private static Input.Value input(String raw) {
        return new Input.Value(raw, Digest.ofText(raw));
    }

    private static Outcome died() {
        return new Outcome.Died(
                new WorkerDiedException("the Python worker died during the call (exit code 3)"),
                Duration.ofMillis(2),
                Captured.NOTHING,
                Optional.empty());
    }

    private static Outcome succeeded(String output) {
        return new Outcome.Success(
                Optional.of(output),
                LazyText.of("{}"),
                new LinkedHashMap<>(),
                EnvForm.PYTHON,
                Duration.ofMillis(1),
                Captured.NOTHING);
    }

    /** Answers each call with the next scripted outcome; keeps the env each call was handed. */
    private static final class Scripted implements ExternalFunction {

        final List<Map<String, Object>> calls = new ArrayList<>();
        private final Deque<Outcome> outcomes;
        private final Function<ExternalCall, Outcome> always;

        Scripted(Outcome... outcomes) {
            this.outcomes = new ArrayDeque<>(List.of(outcomes));
            this.always = null;
        }

        Scripted(Function<ExternalCall, Outcome> always) {
            this.outcomes = new ArrayDeque<>();
            this.always = always;
        }

        @Override
        public Outcome call(ExternalCall call) {
            calls.add(call.env());
            return always != null ? always.apply(call) : outcomes.removeFirst();
        }

        @Override
        public EnvForm envForm() {
            return EnvForm.PYTHON;
        }

        @Override
        public String version() {
            return "0123456789ab";
        }

        @Override
        public Instant modifiedAt() {
            return NOW;
        }

        @Override
        public String describe() {
            return "handler from scripted.py";
        }
    }
}
