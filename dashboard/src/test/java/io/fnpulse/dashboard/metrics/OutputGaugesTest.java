package io.fnpulse.dashboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputGaugesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final OutputGauges gauges = new OutputGauges(registry);

    @Test
    void indexedKeysBecomeOneMeterWithAnIndexTag() {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("percentage_memory_caching", 26.7);
        values.put("moving_average_cpu_percent-0", 14.9);
        values.put("moving_average_cpu_percent-1", 17.8);
        gauges.record(values);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("fnpulse_output_percentage_memory_caching 26.7")
                .contains("fnpulse_output_moving_average_cpu_percent{index=\"0\"} 14.9")
                .contains("fnpulse_output_moving_average_cpu_percent{index=\"1\"} 17.8");
    }

    @Test
    void followsTheNewestValueAndReadsNaNForAKeyThatWentAway() {
        gauges.record(Map.of("a", 1.0, "b", 2.0));
        gauges.record(Map.of("a", 3.0));
        assertThat(registry.get("fnpulse.output.a").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("fnpulse.output.b").gauge().value()).isNaN();
    }

    @Test
    void keysThatCannotShareAMeterDoNotStopTheOthers() {
        gauges.record(Map.of("load", 1.0));
        gauges.record(Map.of("load-0", 2.0, "other", 3.0));
        assertThat(registry.get("fnpulse.output.other").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void boundsHowManyMetersAFunctionCanCreate() {
        for (int i = 0; i < OutputGauges.MAX_KEYS + 50; i++) {
            gauges.record(Map.of("key_" + i, 1.0));
        }
        assertThat(registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("fnpulse.output.")))
                .hasSize(OutputGauges.MAX_KEYS);
    }
}
