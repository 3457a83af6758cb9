package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.invoke.TestFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.runtime.worker.FunctionWorker;
import io.fnpulse.service.text.Digest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
    private final FunctionWorker worker = new FunctionWorker("function-test", getClass().getClassLoader(), () -> { });
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
        return new InputPath(() -> code, new InputDecoder(json), new Invoker(context, Duration.ofSeconds(5), json),
                records, (envJson, digest, version, at) -> digest + " " + envJson,
                new StatusReport(json, context, "test-1"), context, new RuntimeMetrics(registry), json,
                Clock.fixed(NOW, ZoneOffset.UTC), poisonRetries, false);
    }

    private static Input.Value input(String raw) {
        return new Input.Value(raw, Digest.ofText(raw));
    }

    @Test
    void marksTheInputInFlightCallsAndCommitsThenTheEnvGoesLive() throws Exception {
        Input.Value input = input("{\"x\":1}");
        assertThat(path(1).handle(input)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(records.events).containsExactly("inflight " + input.digest() + " 0", "commit");
        assertThat(records.last().output()).contains("{\"n\":1}");
        assertThat(records.last().state()).contains(input.digest() + " {\"n\":1}");
        assertThat(json.readTree(records.last().status()).path("ok").asBoolean()).isTrue();
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
        JsonNode status = json.readTree(records.last().status());
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
        path.diedDuring(Optional.of(new InFlight.Marker(poison.digest(), 0, "runtime-7", NOW)));

        assertThat(path.handle(poison)).isEqualTo(InputPath.Result.HANDLED);

        assertThat(calls).hasValue(0);
        assertThat(records.events).containsExactly("commit");
        assertThat(records.last().state()).as("marked handled with the env unchanged").contains(poison.digest() + " {}");
        JsonNode status = json.readTree(records.last().status());
        assertThat(status.at("/error/type").asText()).isEqualTo("PoisonInput");
        assertThat(status.at("/error/message").asText()).contains("died 1 time").contains("POISON_RETRIES=1");
        assertThat(registry.get("fnpulse.poison.inputs").counter().count()).isEqualTo(1);
    }

    @Test
    void itIsCalledAgainWhileDeathsAreBelowPoisonRetries() throws Exception {
        InputPath path = path(3);
        Input.Value suspect = input("{\"exit\":true}");
        path.diedDuring(Optional.of(new InFlight.Marker(suspect.digest(), 1, "runtime-7", NOW)));

        path.handle(suspect);

        assertThat(calls).hasValue(1);
        assertThat(records.events.get(0)).as("the deaths carried on").isEqualTo("inflight " + suspect.digest() + " 2");
    }

    @Test
    void aMarkerForAnInputSinceReplacedIsForgotten() throws Exception {
        InputPath path = path(1);
        path.diedDuring(Optional.of(new InFlight.Marker(Digest.ofText("old"), 5, "runtime-7", NOW)));
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
        JsonNode status = json.readTree(records.last().status());
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
        assertThat(json.readTree(records.last().status()).at("/error/type").asText()).endsWith("NoFunctionException");
    }

    private LoadedFunction function(Handler handler) {
        return new TestFunction(handler, worker);
    }
}
