package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.invoke.PrintRouting;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.invoke.TestFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.LazyText;
import io.fnpulse.runtime.state.StateKey;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.service.text.Digest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
        return path(poisonRetries, maxAttempts, DeathWatch.embedded());
    }

    private InputPath path(int poisonRetries, int maxAttempts, DeathWatch deathWatch) {
        return path(new InputPath.Rules(poisonRetries, maxAttempts, false, 1000, Duration.ofMinutes(1)), deathWatch);
    }

    /** Runs bounded by count and time as in production. */
    private InputPath shippedPath() {
        return path(new InputPath.Rules(1, 3, false), DeathWatch.embedded());
    }

    private InputPath path(InputPath.Rules rules, DeathWatch deathWatch) {
        return TestPaths.of(
                () -> code,
                context,
                records,
                new TestStateKey(true),
                registry,
                Clock.fixed(NOW, ZoneOffset.UTC),
                rules,
                deathWatch);
    }

    private static Input.Entry entry(String id, String raw) {
        return new Input.Entry(id, raw, Digest.ofText(raw));
    }

    /** What a marker says of one input with these deaths before it, as FakeRecords shows it. */
    private static InFlight.Marker marker(Input input, int recorded, int unexplained, boolean causeRecorded) {
        String id = input.streamId().orElse("");
        return new InFlight.Marker(
                InFlight.Calling.one(input.digest(), id, new InFlight.Deaths(recorded, unexplained)),
                causeRecorded ? Optional.of(ErrorReport.of("SystemExit", "it called System.exit")) : Optional.empty(),
                "runtime-7",
                NOW);
    }

    private static Input.Value input(String raw) {
        return new Input.Value(raw, Digest.ofText(raw));
    }

    @Test
    void marksTheInputInFlightCallsAndCommitsThenTheEnvGoesLive() throws Exception {
        Input.Value input = input("{\"x\":1}");
        assertThat(path(1).handle(input)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(records.events).containsExactly("inflight " + input.digest() + " 0/0", "commit");
        assertThat(records.last().lastOutput().map(HistoryEntry::data)).contains("{\"n\":1}");
        assertThat(records.last().lastOutput().map(HistoryEntry::inputDigest))
                .as("the history entry names its input")
                .contains(input.digest());
        assertThat(records.last().inFlight()).isInstanceOf(Writes.InFlightMarker.Clear.class);
        JsonNode call = json.valueToTree(records.last().calls().get(0));
        assertThat(call.path("outcome").asText()).isEqualTo("success");
        assertThat(call.path("inputDigest").asText()).isEqualTo(input.digest());
        assertThat(call.has("streamId")).isFalse();
        assertThat(records.lastState()).contains(input.digest() + " {\"n\":1}");
        assertThat(json.readTree(records.lastStatus()).path("ok").asBoolean()).isTrue();
        assertThat(context.env()).containsEntry("n", 1);
        assertThat(context.lastExecution()).isEqualTo(NOW);
    }

    @Test
    void aFailedCallCommitsOnlyItsStatusAndTheLiveEnvStays() throws Exception {
        InputPath path = path(1);
        path.handle(input("{\"x\":1}"));
        assertThat(path.handle(input("{\"fail\":true}"))).isEqualTo(InputPath.Result.HANDLED);

        assertThat(records.last().outputs()).isEmpty();
        assertThat(records.lastState()).isEmpty();
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
    void anInputTheLastProcessRecordedItsDeathWithIsSkippedAsPoison() throws Exception {
        InputPath path = path(1);
        Input.Value poison = input("{\"exit\":true}");
        path.diedDuring(Optional.of(marker(poison, 0, 0, true)));

        assertThat(path.handle(poison)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(calls).hasValue(0);
        assertThat(records.events).containsExactly("commit");
        assertThat(records.lastState())
                .as("marked handled with the env unchanged")
                .contains(poison.digest() + " {}");
        assertThat(json.valueToTree(records.last().calls().get(0))
                        .path("outcome")
                        .asText())
                .isEqualTo("poison_input");
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(status.at("/error/message").asText()).contains("died 1 time").contains("POISON_RETRIES=1");
        assertThat(registry.get("fnpulse.poison.inputs").counter().count()).isEqualTo(1);
    }

    @Test
    void anUnexplainedDeathBlamesTheInputOnlyTheThirdTimeInARow() throws Exception {
        InputPath path = path(1);
        Input.Value suspect = input("{\"x\":1}");
        path.diedDuring(Optional.of(marker(suspect, 0, 0, false)));
        path.handle(suspect);
        assertThat(calls).as("called again after one SIGKILL").hasValue(1);
        assertThat(records.events.get(0))
                .as("the marker carries the death on")
                .isEqualTo("inflight " + suspect.digest() + " 0/1");

        InputPath restarted = path(1);
        restarted.diedDuring(Optional.of(marker(suspect, 0, 1, false)));
        restarted.handle(suspect);
        assertThat(calls).as("and after two in a row").hasValue(2);

        InputPath third = path(1);
        third.diedDuring(Optional.of(marker(suspect, 0, 2, false)));
        third.handle(suspect);
        assertThat(calls).as("not after three").hasValue(2);
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(status.at("/error/message").asText())
                .contains("died 3 times in a row, for no cause it could record");
    }

    @Test
    void itIsCalledAgainWhileRecordedDeathsAreBelowPoisonRetries() throws Exception {
        InputPath path = path(3);
        Input.Value suspect = input("{\"exit\":true}");
        path.diedDuring(Optional.of(marker(suspect, 1, 0, true)));

        path.handle(suspect);

        assertThat(calls).hasValue(1);
        assertThat(records.events.get(0))
                .as("the deaths carried on")
                .isEqualTo("inflight " + suspect.digest() + " 2/0");
    }

    @Test
    void aMarkerForAnInputSinceReplacedIsForgotten() throws Exception {
        InputPath path = path(1);
        path.diedDuring(Optional.of(marker(input("old"), 5, 0, true)));
        Input.Value current = input("{\"x\":2}");

        path.handle(current);
        path.handle(input("{\"x\":3}"));

        assertThat(calls).hasValue(2);
        assertThat(records.events.get(0)).isEqualTo("inflight " + current.digest() + " 0/0");
    }

    @Test
    void aProcessDyingInACallRecordsThatCallsInputAsTheCause() throws Exception {
        DeathWatch deathWatch = DeathWatch.embedded();
        code = Optional.of(function((input, ctx) -> {
            deathWatch.dying(ErrorReport.of("SystemExit", "the function called System.exit"));
            return Map.of("ok", true);
        }));
        Input.Entry first = entry("1-0", "{\"x\":1}");
        Input.Entry second = entry("2-0", "{\"x\":2}");

        path(1, 3, deathWatch).handle(List.of(first, second), () -> {}, () -> true, handled -> {});

        assertThat(records.events)
                .as("the run's marker names both; each death names the one entry in its call")
                .containsExactly(
                        "inflight " + first.digest() + " 1-0..2-0 0/0",
                        "died " + first.digest() + " 1-0 0/0 SystemExit",
                        "died " + second.digest() + " 2-0 0/0 SystemExit",
                        "commit");
        assertThat(deathWatch.calling()).as("no call runs after the batch").isFalse();
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
        Input.Entry entry = entry("1-0", "{\"fail\":true}");
        assertThat(path(1, 3).handle(entry)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(calls).hasValue(3);
        assertThat(records.commits).as("the attempts are one run").hasSize(1);
        assertThat(records.last().calls())
                .extracting(call -> call.outcome().tag())
                .containsExactly("function_error", "function_error", "function_error");
        assertThat(records.last().acks()).containsExactly("1-0");
        JsonNode letter = json.valueToTree(records.last().dead().get(0));
        assertThat(letter.path("streamId").asText()).isEqualTo("1-0");
        assertThat(letter.at("/entry/data").asText()).isEqualTo("{\"fail\":true}");
        assertThat(letter.at("/error/message").asText()).isEqualTo("asked to fail");
        assertThat(letter.path("attempts").asInt()).isEqualTo(3);
        assertThat(json.valueToTree(records.last().calls().get(2))
                        .path("streamId")
                        .asText())
                .isEqualTo("1-0");
    }

    @Test
    void eachAttemptGetsTheEntryAsItArrivedNotAsTheFailedAttemptLeftIt() throws Exception {
        List<Object> seen = new ArrayList<>();
        code = Optional.of(function((input, ctx) -> {
            seen.add(input.get("x"));
            input.put("x", "changed by attempt " + seen.size());
            input.remove("y");
            if (seen.size() < 3) {
                throw new IllegalStateException("fails twice");
            }
            return Map.of("y", input.getOrDefault("y", "gone"));
        }));

        assertThat(path(1, 3).handle(entry("1-0", "{\"x\":1,\"y\":2}"))).isEqualTo(InputPath.Result.HANDLED);

        assertThat(seen).containsExactly(1, 1, 1);
        assertThat(records.last().lastOutput().map(HistoryEntry::data)).contains("{\"y\":\"gone\"}");
        assertThat(records.last().dead()).isEmpty();
    }

    @Test
    void aStreamEntryThatSucceedsIsAcknowledgedInItsCommit() throws Exception {
        Input.Entry entry = entry("7-1", "{\"x\":1}");
        path(1, 3).handle(entry);
        assertThat(records.commits).hasSize(1);
        assertThat(records.last().acks()).containsExactly("7-1");
        assertThat(records.last().lastOutput().map(HistoryEntry::data)).contains("{\"n\":1}");
        assertThat(records.last().lastOutput().flatMap(HistoryEntry::streamId)).contains("7-1");
    }

    @Test
    void anEntryThatIsNotAnObjectGoesStraightToTheDeadLetters() throws Exception {
        path(1, 3).handle(entry("2-0", "[1,2]"));
        assertThat(calls).hasValue(0);
        assertThat(records.last().acks()).containsExactly("2-0");
        assertThat(records.last().dead().get(0).attempts()).isZero();
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
        JsonNode call = json.valueToTree(records.last().calls().get(0));
        assertThat(call.path("stdout").asText()).isEqualTo("x".repeat(64) + "…[36 more bytes]");
        assertThat(call.path("stdoutTruncated").asBoolean()).isTrue();
        assertThat(call.path("stderr").asText()).isEqualTo("careful\n");
        assertThat(call.has("stderrTruncated")).isFalse();
    }

    @Test
    void consecutiveEntriesAreCalledInOrderAndCommittedInOneStep() throws Exception {
        List<Input> batch = List.of(
                entry("1-0", "{\"x\":1}"),
                entry("2-0", "{\"fail\":true}"),
                entry("3-0", "[]"),
                entry("4-0", "{\"x\":4}"));
        List<Input> handled = new ArrayList<>();

        assertThat(path(1, 2).handle(batch, () -> {}, () -> true, handled::add)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(records.events)
                .as("one marker for the run, one commit")
                .containsExactly("inflight " + batch.get(0).digest() + " 1-0..4-0 0/0", "commit");
        Writes run = records.last();
        assertThat(run.outputs()).extracting(HistoryEntry::data).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(run.state().map(LazyText::get))
                .as("the env after the last success")
                .contains(batch.get(3).digest() + " {\"n\":2}");
        assertThat(run.calls())
                .extracting(call -> call.streamId() + " " + call.outcome().tag())
                .containsExactly(
                        "1-0 success", "2-0 function_error", "2-0 function_error", "3-0 bad_input", "4-0 success");
        assertThat(run.dead()).extracting(DeadLetter::streamId).containsExactly("2-0", "3-0");
        assertThat(run.acks()).containsExactly("1-0", "2-0", "3-0", "4-0");
        assertThat(run.inFlight()).isInstanceOf(Writes.InFlightMarker.Clear.class);
        assertThat(handled).isEqualTo(batch);
        assertThat(context.env()).containsEntry("n", 2);
    }

    @Test
    void aRunMakesOnlyTheStateAndStatusItWritesAndItsStatusNamesTheLastSuccess() throws Exception {
        AtomicInteger statesMade = new AtomicInteger();
        TestStateKey plain = new TestStateKey(true);
        StateKey counted = new StateKey() {
            @Override
            public String encode(String envJson, EnvForm form, String digest, String version, Instant savedAt) {
                statesMade.incrementAndGet();
                return plain.encode(envJson, form, digest, version, savedAt);
            }

            @Override
            public void setAside(String why) {
                plain.setAside(why);
            }
        };
        Instant[] now = {NOW};
        Clock ticking = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now[0] = now[0].plusSeconds(1);
                return now[0];
            }
        };
        InputPath path = TestPaths.of(
                () -> code,
                context,
                records,
                counted,
                registry,
                ticking,
                new InputPath.Rules(1, 1, false, 1000, Duration.ofMinutes(1)),
                DeathWatch.embedded());
        List<Input> batch =
                List.of(entry("1-0", "{\"x\":1}"), entry("2-0", "{\"x\":2}"), entry("3-0", "{\"fail\":true}"));

        path.handle(batch, () -> {}, () -> true, handled -> {});

        assertThat(records.events).containsExactly("inflight " + batch.get(0).digest() + " 1-0..3-0 0/0", "commit");
        assertThat(records.lastState()).contains(batch.get(1).digest() + " {\"n\":2}");
        assertThat(statesMade)
                .as("the state written is the only one made, not one a success")
                .hasValue(1);
        JsonNode status = json.readTree(records.lastStatus());
        assertThat(status.path("ok").asBoolean()).isFalse();
        assertThat(status.path("lastExecution").asText())
                .as("the failure's status names the run's last success, made at the commit")
                .isEqualTo(context.lastExecution().toString())
                .isNotEqualTo(status.path("updatedAt").asText());
    }

    @Test
    void aRunIsCommittedAtItsLengthAndTheCommitMarksTheRestOfTheBatch() throws Exception {
        List<Input> batch = new ArrayList<>();
        for (int i = 1; i <= 120; i++) {
            batch.add(entry(i + "-0", "{\"x\":" + i + "}"));
        }

        path(new InputPath.Rules(1, 3, false, 100, Duration.ofMinutes(1)), DeathWatch.embedded())
                .handle(batch, () -> {}, () -> true, handled -> {});

        assertThat(records.events)
                .containsExactly("inflight " + batch.get(0).digest() + " 1-0..120-0 0/0", "commit", "commit");
        assertThat(records.commits.get(0).acks()).hasSize(100);
        assertThat(records.commits.get(0).inFlight())
                .as("the next run needs no round trip to be marked")
                .isEqualTo(new Writes.InFlightMarker.Next(
                        "marker " + batch.get(100).digest() + " 101-0..120-0 0/0"));
        assertThat(records.commits.get(1).acks()).hasSize(20);
        assertThat(context.env()).containsEntry("n", 120);
    }

    @Test
    void aRunIsCommittedOnceItsFirstEndingWaitedLongEnough() throws Exception {
        code = Optional.of(function((input, ctx) -> {
            Thread.sleep(InputPath.Rules.RUN_WAIT.toMillis() + 1);
            return Map.of("ok", true);
        }));
        List<Input> batch = List.of(entry("1-0", "{}"), entry("2-0", "{}"), entry("3-0", "{}"));

        shippedPath().handle(batch, () -> {}, () -> true, handled -> {});

        assertThat(records.commits)
                .as("a slow function's outputs are not held back")
                .extracting(Writes::acks)
                .containsExactly(List.of("1-0"), List.of("2-0"), List.of("3-0"));
    }

    @Test
    void entriesInFlightWhenTheProcessDiedAreHandledOneAtATimeThenRunsResume() throws Exception {
        List<Input> batch = List.of(
                entry("1-0", "{\"x\":1}"),
                entry("2-0", "{\"x\":2}"),
                entry("3-0", "{\"x\":3}"),
                entry("4-0", "{\"x\":4}"));
        InputPath path = path(1, 3);
        path.diedDuring(Optional.of(new InFlight.Marker(
                InFlight.Calling.run(batch.get(0).digest(), "1-0", "2-0"), Optional.empty(), "runtime-7", NOW)));

        path.handle(batch, () -> {}, () -> true, handled -> {});

        assertThat(records.events)
                .containsExactly("inflight " + batch.get(0).digest() + " 1-0 0/1", "commit", "commit", "commit");
        assertThat(records.commits)
                .extracting(Writes::inFlight)
                .containsExactly(
                        new Writes.InFlightMarker.Next("marker " + batch.get(1).digest() + " 2-0 0/1"),
                        new Writes.InFlightMarker.Next("marker " + batch.get(2).digest() + " 3-0..4-0 0/0"),
                        new Writes.InFlightMarker.Clear());
        assertThat(records.commits)
                .extracting(Writes::acks)
                .containsExactly(List.of("1-0"), List.of("2-0"), List.of("3-0", "4-0"));
    }

    @Test
    void aRefusedCommitOfARunLeavesTheLiveEnvAsBeforeTheRun() throws Exception {
        InputPath path = path(1, 3);
        path.handle(entry("1-0", "{\"x\":1}"));
        records.refuseCommits = true;

        assertThat(path.handle(
                        List.of(entry("2-0", "{\"x\":2}"), entry("3-0", "{\"x\":3}")),
                        () -> {},
                        () -> true,
                        handled -> {}))
                .isEqualTo(InputPath.Result.AGAIN);

        assertThat(calls).hasValue(3);
        assertThat(context.env())
                .as("the calls of the refused run do not count")
                .containsEntry("n", 1);
    }

    @Test
    void aStopBetweenEntriesCommitsWhatIsDoneAndHandsTheRestBack() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        List<Input> handled = new ArrayList<>();
        List<Input> batch = List.of(entry("1-0", "{\"x\":1}"), entry("2-0", "{\"x\":2}"), entry("3-0", "{}"));

        assertThat(path(1, 3).handle(batch, () -> {}, () -> asked.incrementAndGet() <= 2, handled::add))
                .isEqualTo(InputPath.Result.AGAIN);

        assertThat(handled).containsExactly(batch.get(0), batch.get(1));
        assertThat(records.last().acks()).containsExactly("1-0", "2-0");
        assertThat(records.last().inFlight()).isInstanceOf(Writes.InFlightMarker.Clear.class);
    }

    private LoadedFunction function(Handler handler) {
        return new TestFunction(handler, worker);
    }
}
