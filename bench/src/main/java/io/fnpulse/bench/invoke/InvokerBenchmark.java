package io.fnpulse.bench.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.service.text.Digest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the runtime adds around a function that does nothing, in one JVM, without Redis:
 * <ul>
 *   <li>{@code directCall}: the bare call, the floor;</li>
 *   <li>{@code invoke}: {@link Invoker#invoke} — the call's own copy of the env, hand-off to the version's worker
 *       thread under a deadline, result serialised, env serialised and read back;</li>
 *   <li>{@code inputToWrite}: everything the loop does per input between the GET and the EVAL: digest, decode of a
 *       4-CPU snapshot, invoke, state and status JSON.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InvokerBenchmark {

    private final InProcessFunction function = InProcessFunction.empty();
    private final Optional<LoadedFunction> loaded = Optional.of(function);
    private final Map<String, Object> emptyInput = Map.of();
    private RuntimeContext context;
    private Invoker invoker;
    private InputDecoder decoder;
    private StateStore state;
    private StatusReport status;
    private String snapshot;

    @Setup
    public void setUp() {
        ObjectMapper json = new ObjectMapper();
        context = new RuntimeContext("localhost", 6379, "metrics", "metrics-out");
        invoker = new Invoker(context, Duration.ofSeconds(30), json, 8192);
        decoder = new InputDecoder(json);
        state = new StateStore(null, Optional.of("metrics-out:env"), json, Clock.systemUTC()); // encode(): no Redis
        status = new StatusReport(json, context, "bench-1", new io.fnpulse.runtime.report.CodeError());
        snapshot = new Snapshots(4).json(0);
    }

    @TearDown
    public void tearDown() {
        function.close();
    }

    @Benchmark
    public Object directCall() throws Exception {
        return function.invoke(emptyInput, context);
    }

    @Benchmark
    public Outcome invoke() throws InterruptedException {
        return invoker.invoke(function, emptyInput);
    }

    @Benchmark
    public String inputToWrite() throws InvalidInputException, InterruptedException {
        String digest = Digest.ofText(snapshot);
        Map<String, Object> input = decoder.decode(snapshot);
        Outcome.Success success = (Outcome.Success) invoker.invoke(function, input);
        Instant now = Instant.now();
        String saved = state.encode(success.envJson(), success.form(), digest, function.version(), now);
        return saved
                + status.success(loaded, success.took(), now)
                + success.output().orElseThrow();
    }
}
