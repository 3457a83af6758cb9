package {{package}};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fnpulse.testkit.Call;
import io.fnpulse.testkit.FunctionUnderTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {{class}} loaded from its source file and called as the runtime would call it: compiled by the runtime's compiler,
 * in a class loader of its own, the env carried from one call to the next through its JSON.
 */
class {{class}}Test {

    private static final Path SOURCE = Path.of("src/main/java/{{packagePath}}/{{class}}.java");

    @Test
    void averagesTheCpusAndMeasuresTheMemoryInUse() {
        try (FunctionUnderTest function = FunctionUnderTest.load(SOURCE)) {
            Map<String, Object> output = function.call(snapshot(20, 40, 60, 80)).expectOutput();
            assertEquals(50.0, ((Number) output.get("cpu_percent_mean")).doubleValue(), 1e-9);
            assertEquals(25.0, ((Number) output.get("memory_used_percent")).doubleValue(), 1e-9);
            assertEquals(0, output.get("busy_snapshots_in_a_row"));
        }
    }

    @Test
    void countsBusySnapshotsInARowInTheEnv() {
        try (FunctionUnderTest function = FunctionUnderTest.load(SOURCE)) {
            function.call(snapshot(90, 95, 85, 99));
            Call second = function.call(snapshot(90, 95, 85, 99));
            assertEquals(2, second.expectOutput().get("busy_snapshots_in_a_row"));
            assertEquals(2, second.env().get("busy_in_a_row"));
            Call idle = function.call(snapshot(5, 5, 5, 5));
            assertEquals(0, idle.expectOutput().get("busy_snapshots_in_a_row"));
        }
    }

    @Test
    void aSnapshotWithoutTheMemoryTotalFailsNamingTheKey() {
        try (FunctionUnderTest function = FunctionUnderTest.load(SOURCE)) {
            Map<String, Object> input = snapshot(10, 10, 10, 10);
            input.remove("virtual_memory-total");
            Call call = function.call(input);
            assertEquals("java.lang.IllegalArgumentException", call.failure().orElseThrow().type());
            assertTrue(call.failure().orElseThrow().message().contains("virtual_memory-total"));
        }
    }

    @Test
    void handlesEveryRecordedSnapshot() {
        try (FunctionUnderTest function = FunctionUnderTest.load(SOURCE)) {
            List<Call> calls = function.callEach(Path.of("inputs.jsonl"));
            assertTrue(calls.size() > 0, "inputs.jsonl holds snapshots");
            for (Call call : calls) {
                double mean = ((Number) call.expectOutput().get("cpu_percent_mean")).doubleValue();
                assertTrue(mean >= 0 && mean <= 100, "a mean utilisation is a percentage: " + mean);
            }
        }
    }

    /** A 4-CPU snapshot with 8 GiB of memory, 2 GiB of it used. */
    private static Map<String, Object> snapshot(double... cpuPercents) {
        Map<String, Object> input = new HashMap<>();
        input.put("timestamp", "2026-11-27 14:00:05.123456");
        for (int cpu = 0; cpu < cpuPercents.length; cpu++) {
            input.put("cpu_percent-" + cpu, cpuPercents[cpu]);
        }
        input.put("virtual_memory-total", 8L * 1024 * 1024 * 1024);
        input.put("virtual_memory-used", 2L * 1024 * 1024 * 1024);
        return input;
    }
}
