package io.fnpulse.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    private static final Pattern COLLECTIONS =
            Pattern.compile("(?m)^jvm_gc_collection_seconds_count\\{gc=\"[^\"]+\",service=\"test\"} (\\d+)$");

    @Test
    void theJvmAndProcessMetersAreThere() {
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("test");

        assertThat(registry.scrape())
                .contains("jvm_memory_used_bytes{area=\"heap\"")
                .contains("jvm_threads_live_threads{service=\"test\"}")
                .contains("jvm_classes_loaded_classes{service=\"test\"}")
                .contains("process_cpu_usage{service=\"test\"}")
                .contains("process_uptime_seconds{service=\"test\"}")
                .contains("jvm_gc_collection_seconds_sum{gc=");
    }

    @Test
    void theJvmMetersAreBoundAtTheFirstScrapeNotBefore() {
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("test");

        assertThat(registry.find("jvm.memory.used").meters()).isEmpty();
        registry.scrape();
        assertThat(registry.find("jvm.memory.used").meters()).isNotEmpty();
    }

    @Test
    void collectionsAreCountedWhenScraped() {
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("test");
        long before = collections(registry.scrape());

        System.gc();

        assertThat(collections(registry.scrape())).isGreaterThan(before);
    }

    /** The collections of every collector, summed. */
    private static long collections(String scrape) {
        Matcher collector = COLLECTIONS.matcher(scrape);
        long sum = 0;
        boolean any = false;
        while (collector.find()) {
            sum += Long.parseLong(collector.group(1));
            any = true;
        }
        assertThat(any).as("jvm_gc_collection_seconds_count in %s", scrape).isTrue();
        return sum;
    }
}
