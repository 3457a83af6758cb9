package io.fnpulse.bench.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.function.MetricsFunction;
import io.fnpulse.runtime.invoke.RuntimeContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The metrics function per snapshot in steady state: every CPU's history already holds a full one-minute window
 * (12 samples 5 s apart), and each call adds one sample and prunes one. The function keeps state and needs time to
 * move forward, so one benchmark invocation feeds a fixed run of {@value #RUN} consecutive snapshots, decoded
 * beforehand as the runtime would, to an env restored (outside the timing) to the same primed state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsFunctionBenchmark {

    static final int RUN = 1_000;
    private static final int WINDOW = 12;

    @Param({"4", "64"})
    public int cpus;

    private final ObjectMapper json = new ObjectMapper();
    private final MetricsFunction function = new MetricsFunction();
    private final RuntimeContext context = new RuntimeContext("localhost", 6379, "metrics", "metrics-out");
    private final List<Map<String, Object>> inputs = new ArrayList<>();
    private String primedEnv;

    @Setup(Level.Trial)
    public void prime() throws JsonProcessingException {
        Snapshots snapshots = new Snapshots(cpus);
        for (int i = 0; i < WINDOW; i++) {
            function.handle(decode(snapshots.json(i)), context);
        }
        primedEnv = json.writeValueAsString(context.env());
        for (int i = WINDOW; i < WINDOW + RUN; i++) {
            inputs.add(decode(snapshots.json(i)));
        }
    }

    @Setup(Level.Invocation)
    public void restoreEnv() throws JsonProcessingException {
        context.restoreEnv(json.readValue(primedEnv, new TypeReference<LinkedHashMap<String, Object>>() {}));
    }

    @Benchmark
    @OperationsPerInvocation(RUN)
    public void perSnapshot(Blackhole blackhole) {
        for (Map<String, Object> input : inputs) {
            blackhole.consume(function.handle(input, context));
        }
    }

    private Map<String, Object> decode(String snapshot) throws JsonProcessingException {
        return json.readValue(snapshot, new TypeReference<LinkedHashMap<String, Object>>() {});
    }
}
