package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.invoke.PrintRouting;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.invoke.TestFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.service.text.Digest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One input's path, with the Redis side replaced by {@link FakeRecords}. */
class InputPathTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    private final ObjectMapper json = new ObjectMapper();
    private final RuntimeContext context = new RuntimeContext("localhost", 6379, "in", "out");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FakeRecords records = new FakeRecords();
    private final FunctionWorker worker =
            new FunctionWorker("function-test", getClass().getClassLoader(), () -> {});
    private final AtomicInteger calls = new AtomicInteger();
    private Optional<LoadedFunction> code = Optional.of(function((input, ctx) -> {
        calls.incrementAndGet();
        ctx.env().put("n", ((Number) ctx.env().getOrDefault("n", 0)).intValue() + 1);
        if (input.containsKey("fail")) {
            throw new IllegalStateException("asked to fail");
        }
        return Map.of("n", ctx.env().get("n"));
    }));

    @AfterEach
    void close() {
        worker.close();
    }

    private InputPath path(int poisonRetries) {
        return path(poisonRetries, 1);
    }

    private InputPath path(int poisonRetries, int maxAttempts) {
        return TestPaths.of(
                () -> code,
                context,
                records,
                new TestStateKey(true),
                registry,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new InputPath.Rules(poisonRetries, maxAttempts, false));
    }

    private static Input.Value input(String raw) {
        return new Input.Value(raw, Digest.ofText(raw));
    }

    @Test
    void marksTheInputInFlightCallsAndCommitsThenTheEnvGoesLive() throws Exception {
        Input.Value input = input("{\"x\":1}");
        assertThat(path(1).handle(input)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(records.events).containsExactly("inflight " + input.digest() + " 0", "commit");
        assertThat(records.last().output().map(HistoryEntry::data)).contains("{\"n\":1}");
        assertThat(records.last().output().map(HistoryEntry::inputDigest))
                .as("the history entry names its input")
                .contains(input.digest());
        assertThat(records.last().inFlight()).isInstanceOf(Writes.InFlightMarker.Clear.class);
        JsonNode call = json.valueToTree(records.last().call().orElseThrow());
        assertThat(call.path("outcome").asText()).isEqualTo("success");
        assertThat(call.path("inputDigest").asText()).isEqualTo(input.digest());
        assertThat(call.has("streamId")).isFalse();
        assertThat(records.last().state()).contains(input.digest() + " {\"n\":1}");
        assertThat(json.readTree(records.lastStatus()).path("ok").asBoolean()).isTrue();
        assertThat(context.env()).containsEntry("n", 1);
        assertThat(context.lastExecution()).isEqualTo(NOW);
    }

    @Test
    void aFailedCallCommitsOnlyItsStatusAndTheLiveEnvStays() throws Exception {
        InputPath path = path(1);
        path.handle(input("{\"x\":1}"));
        assertThat(path.handle(input("{\"fail\":true}"))).isEqualTo(InputPath.Result.HANDLED);

        assertThat(records.last().output()).isEmpty();
        assertThat(records.last().state()).isEmpty();
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.at("/error/message").asText()).isEqualTo("asked to fail");
        assertThat(status.at("/error/stackTrace").asText()).contains("runtime frames omitted");
        assertThat(context.env()).containsEntry("n", 1);
    }

    @Test
    void aRefusedCommitAsksForTheInputAgainAndKeepsTheLiveEnv() throws Exception {
        records.refuseCommits = true;
        assertThat(path(1).handle(input("{\"x\":1}"))).isEqualTo(InputPath.Result.AGAIN);
        assertThat(context.env()).isEmpty();
        assertThat(context.lastExecution()).isNull();
    }

    @Test
    void anInputTheLastProcessDiedWithIsSkippedAsPoison() throws Exception {
        InputPath path = path(1);
        Input.Value poison = input("{\"exit\":true}");
        path.diedDuring(Optional.of(new InFlight.Marker(poison.digest(), "", 0, "runtime-7", NOW)));

        assertThat(path.handle(poison)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(calls).hasValue(0);
        assertThat(records.events).containsExactly("commit");
        assertThat(records.last().state())
                .as("marked handled with the env unchanged")
                .contains(poison.digest() + " {}");
        assertThat(json.valueToTree(records.last().call().orElseThrow())
                        .path("outcome")
                        .asText())
                .isEqualTo("poison_input");
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(status.at("/error/message").asText()).contains("died 1 time").contains("POISON_RETRIES=1");
        assertThat(registry.get("fnpulse.poison.inputs").counter().count()).isEqualTo(1);
    }

    @Test
    void itIsCalledAgainWhileDeathsAreBelowPoisonRetries() throws Exception {
        InputPath path = path(3);
        Input.Value suspect = input("{\"exit\":true}");
        path.diedDuring(Optional.of(new InFlight.Marker(suspect.digest(), "", 1, "runtime-7", NOW)));

        path.handle(suspect);

        assertThat(calls).hasValue(1);
        assertThat(records.events.get(0)).as("the deaths carried on").isEqualTo("inflight " + suspect.digest() + " 2");
    }

    @Test
    void aMarkerForAnInputSinceReplacedIsForgotten() throws Exception {
        InputPath path = path(1);
        path.diedDuring(Optional.of(new InFlight.Marker(Digest.ofText("old"), "", 5, "runtime-7", NOW)));
        Input.Value current = input("{\"x\":2}");

        path.handle(current);
        path.handle(input("{\"x\":3}"));

        assertThat(calls).hasValue(2);
        assertThat(records.events.get(0)).isEqualTo("inflight " + current.digest() + " 0");
    }

    @Test
    void anUnreadableKeyIsReportedWithoutACall() throws Exception {
        path(1).handle(new Input.Unreadable("key in holds a list; expected a string", "unreadable:list"));

        assertThat(calls).hasValue(0);
        assertThat(records.events).containsExactly("commit");
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.at("/error/message").asText()).isEqualTo("key in holds a list; expected a string");
        assertThat(status.at("/error/stackTrace").isNull()).isTrue();
    }

    @Test
    void withoutCodeAnInputIsReportedOnceAndWaits() throws Exception {
        code = Optional.empty();
        InputPath path = path(1);
        Input.Value waiting = input("{\"x\":1}");

        assertThat(path.handle(waiting)).isEqualTo(InputPath.Result.AGAIN);
        assertThat(path.handle(waiting)).isEqualTo(InputPath.Result.AGAIN);

        assertThat(records.commits).hasSize(1);
        assertThat(json.readTree(records.lastStatus()).at("/error/type").asText())
                .endsWith("NoFunctionException");
    }

    @Test
    void aFailingStreamEntryIsCalledAgainInPlaceThenDeadLettered() throws Exception {
        Input.Entry entry = new Input.Entry("1-0", "{\"fail\":true}", Digest.ofText("{\"fail\":true}"));
        assertThat(path(1, 3).handle(entry)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(calls).hasValue(3);
        assertThat(records.commits).hasSize(3);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThat(records.commits.get(attempt).ack())
                    .as("not acknowledged yet")
                    .isEmpty();
            assertThat(records.commits.get(attempt).dead()).isEmpty();
        }
        assertThat(records.last().ack()).contains("1-0");
        JsonNode letter = json.valueToTree(records.last().dead().orElseThrow());
        assertThat(letter.path("streamId").asText()).isEqualTo("1-0");
        assertThat(letter.at("/entry/data").asText()).isEqualTo("{\"fail\":true}");
        assertThat(letter.at("/error/message").asText()).isEqualTo("asked to fail");
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(json.valueToTree(records.last().call().orElseThrow())
                        .path("streamId")
                        .asText())
                .isEqualTo("1-0");
    }

    @Test
    void aStreamEntryThatSucceedsIsAcknowledgedInItsCommit() throws Exception {
        Input.Entry entry = new Input.Entry("7-1", "{\"x\":1}", Digest.ofText("{\"x\":1}"));
        path(1, 3).handle(entry);
        assertThat(records.commits).hasSize(1);
        assertThat(records.last().ack()).contains("7-1");
        assertThat(records.last().output().map(HistoryEntry::data)).contains("{\"n\":1}");
        assertThat(records.last().output().flatMap(HistoryEntry::streamId)).contains("7-1");
    }

    @Test
    void anEntryThatIsNotAnObjectGoesStraightToTheDeadLetters() throws Exception {
        path(1, 3).handle(new Input.Entry("2-0", "[1,2]", Digest.ofText("[1,2]")));
        assertThat(calls).hasValue(0);
        assertThat(records.last().ack()).contains("2-0");
        assertThat(records.last().dead().orElseThrow().attempts()).isZero();
    }

    @Test
    void whatACallPrintsIsKeptWithItsCallsLogEntryCutAtTheLimit() throws Exception {
        code = Optional.of(function((input, ctx) -> {
            System.out.print("x".repeat(100));
            System.err.println("careful");
            return Map.of("ok", true);
        }));
        try (PrintRouting routing = PrintRouting.install(context)) {
            path(1).handle(input("{\"x\":1}"));
        }
        JsonNode call = json.valueToTree(records.last().call().orElseThrow());
        assertThat(call.path("stdout").asText()).isEqualTo("x".repeat(64) + "…[36 more bytes]");
        assertThat(call.path("stdoutTruncated").asBoolean()).isTrue();
        assertThat(call.path("stderr").asText()).isEqualTo("careful\n");
        assertThat(call.has("stderrTruncated")).isFalse();
    }

    @Test
    void theCommitOfAnEntryMarksTheNextEntryInFlightSoItsCallNeedsNoRoundTripOfItsOwn() throws Exception {
        InputPath path = path(1, 3);
        Input.Entry first = new Input.Entry("1-0", "{\"x\":1}", Digest.ofText("{\"x\":1}"));
        Input.Entry second = new Input.Entry("2-0", "{\"x\":2}", Digest.ofText("{\"x\":2}"));

        path.handle(first, Optional.of(second));
        path.handle(second, Optional.empty());

        assertThat(records.events).containsExactly("inflight " + first.digest() + " 1-0 0", "commit", "commit");
        assertThat(records.commits.get(0).inFlight())
                .isEqualTo(new Writes.InFlightMarker.Next("marker " + second.digest() + " 2-0 0"));
        assertThat(records.commits.get(1).inFlight()).isInstanceOf(Writes.InFlightMarker.Clear.class);
        assertThat(calls).hasValue(2);
    }

    private LoadedFunction function(Handler handler) {
        return new TestFunction(handler, worker);
    }
}
