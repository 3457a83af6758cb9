package io.fnpulse.runtime.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.CodeError;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.StateKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** An input's path for the loop's tests: the runtime's own parts, with calls of at most 5 s and 64 bytes printed. */
final class TestPaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPaths() {}

    static InputPath of(
            Supplier<Optional<LoadedFunction>> code,
            RuntimeContext context,
            CallRecords records,
            StateKey state,
            MeterRegistry registry,
            Clock clock,
            InputPath.Rules rules,
            DeathWatch deathWatch) {
        return new InputPath(
                code,
                new InputDecoder(JSON),
                new Invoker(context, Duration.ofSeconds(5), JSON, 64),
                records,
                state,
                new StatusReport(JSON, context, "test-1", new CodeError()),
                context,
                new RuntimeMetrics(registry),
                JSON,
                clock,
                rules,
                deathWatch);
    }
}
