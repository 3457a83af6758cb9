package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.api.TestContext;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedHistoryTest {

    @Test
    void historyHoldsAtMostOneWindowOfSamplesOver10000Calls() {
        MetricsFunction function = new MetricsFunction();
        TestContext context = new TestContext();
        Random random = new Random(42);
        long micros = 1_795_788_005_000_000L;
        int cpus = 8;
        int largest = 0;

        for (int call = 0; call < 10_000; call++) {
            micros += 50_000; // every 50 ms: 1200 samples in a minute
            if (call == 6_000) {
                cpus = 3;
            }
            double[] values = new double[cpus];
            for (int cpu = 0; cpu < cpus; cpu++) {
                values[cpu] = random.nextInt(1000) / 10.0;
            }
            function.handle(Snapshot.at(RandomStream.spell(micros, random), values), context);

            assertThat(context.env()).hasSize(cpus);
            for (Map.Entry<String, Object> history : context.env().entrySet()) {
                int size = ((List<?>) history.getValue()).size();
                assertThat(size).as("%s after call %d", history.getKey(), call).isLessThanOrEqualTo(1200);
                largest = Math.max(largest, size);
            }
        }
        assertThat(largest).isEqualTo(1200);
    }
}
