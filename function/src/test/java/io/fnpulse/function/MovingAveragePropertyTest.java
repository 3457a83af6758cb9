package io.fnpulse.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.api.TestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MovingAveragePropertyTest {

    private static final long WINDOW = 60_000_000L;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void movingAveragesMatchABruteForceRecomputationFromTheWholeStream(long seed) {
        List<RandomStream.Step> stream = RandomStream.generate(seed, 400, 64);
        MetricsFunction function = new MetricsFunction();
        TestContext context = new TestContext();

        for (int i = 0; i < stream.size(); i++) {
            RandomStream.Step step = stream.get(i);
            Map<String, Object> output = function.handle(step.snapshot(), context);

            assertThat(output).hasSize(step.cpus().length + 2);
            for (int cpu = 0; cpu < step.cpus().length; cpu++) {
                double expected = bruteForceAverage(stream, i, cpu);
                double actual = (Double) output.get("moving_average_cpu_percent-" + cpu);
                assertThat(Math.abs(actual - expected))
                        .as("seed %d, step %d (%s), cpu %d", seed, i, step.timestamp(), cpu)
                        .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(expected), 1e-300));
            }
        }
    }

    /**
     * Replays the stream up to step {@code last} without any pruning: a CPU's samples are those since it last
     * appeared or its clock last went backwards, a repeated time counts once (the first value), and the average is
     * taken over the samples in (t - 60 s, t].
     */
    private static double bruteForceAverage(List<RandomStream.Step> stream, int last, int cpu) {
        List<RandomStream.Step> accepted = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (int j = 0; j <= last; j++) {
            RandomStream.Step step = stream.get(j);
            if (cpu >= step.cpus().length) {
                accepted.clear();
                newest = Long.MIN_VALUE;
                continue;
            }
            if (step.micros() == newest) {
                continue;
            }
            if (step.micros() < newest) {
                accepted.clear();
            }
            accepted.add(step);
            newest = step.micros();
        }
        long now = stream.get(last).micros();
        double sum = 0;
        int count = 0;
        for (RandomStream.Step step : accepted) {
            if (step.micros() > now - WINDOW && step.micros() <= now) {
                sum += step.cpus()[cpu];
                count++;
            }
        }
        return sum / count;
    }
}
