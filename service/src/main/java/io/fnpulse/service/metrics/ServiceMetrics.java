package io.fnpulse.service.metrics;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus registry every service starts with: tagged with the service's name, JVM and process meters bound at
 * its first scrape.
 */
public final class ServiceMetrics {

    private ServiceMetrics() {}

    public static PrometheusMeterRegistry newRegistry(String service) {
        PrometheusMeterRegistry registry = new JvmMetersAtFirstScrape();
        registry.config().commonTags("service", service);
        return registry;
    }

    private static void bindJvmMeters(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        garbageCollections(registry);
    }

    /**
     * Binds the JVM and process meters when it is first scraped rather than when it is made: binding them (the JVM's
     * management beans, memory pools, cgroup limits) is ~25 ms of a service's start on Java 25, before its first
     * output, and every one of them reads its value when scraped, so nothing is lost by binding them then.
     */
    private static final class JvmMetersAtFirstScrape extends PrometheusMeterRegistry {

        private volatile boolean bound;

        JvmMetersAtFirstScrape() {
            super(PrometheusConfig.DEFAULT);
        }

        private void bindOnce() {
            if (!bound) {
                synchronized (this) {
                    if (!bound) {
                        bindJvmMeters(this);
                        bound = true;
                    }
                }
            }
        }

        @Override
        public String scrape() {
            bindOnce();
            return super.scrape();
        }

        @Override
        public String scrape(String contentType) {
            bindOnce();
            return super.scrape(contentType);
        }

        @Override
        public String scrape(String contentType, Set<String> includedNames) {
            bindOnce();
            return super.scrape(contentType, includedNames);
        }

        @Override
        public void scrape(OutputStream out) throws IOException {
            bindOnce();
            super.scrape(out);
        }

        @Override
        public void scrape(OutputStream out, String contentType) throws IOException {
            bindOnce();
            super.scrape(out, contentType);
        }

        @Override
        public void scrape(OutputStream out, String contentType, Set<String> includedNames) throws IOException {
            bindOnce();
            super.scrape(out, contentType, includedNames);
        }
    }

    /**
     * {@code jvm_gc_collection_seconds_count} and {@code _sum} by collector, as the Prometheus JVM client names them:
     * read from the collectors' counts when scraped. Not Micrometer's JvmGcMetrics, which listens to every
     * collection's JMX notification: ~180 classes more at start (JMX notifications, open types, the MXBean mapping)
     * and work on every collection, which with the runtime's small young generation is every few calls.
     */
    private static void garbageCollections(MeterRegistry registry) {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionTimer.builder(
                            "jvm.gc.collection",
                            collector,
                            GarbageCollectorMXBean::getCollectionCount,
                            GarbageCollectorMXBean::getCollectionTime,
                            TimeUnit.MILLISECONDS)
                    .tag("gc", collector.getName())
                    .description("Collections by this collector, and the time they took (for a stop-the-world"
                            + " collector, the time the application was paused)")
                    .register(registry);
        }
    }
}
