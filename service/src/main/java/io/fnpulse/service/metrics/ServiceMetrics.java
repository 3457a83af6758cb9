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
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/** The Prometheus registry every service starts with: tagged with the service's name, JVM and process meters bound. */
public final class ServiceMetrics {

    private ServiceMetrics() {}

    public static PrometheusMeterRegistry newRegistry(String service) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        garbageCollections(registry);
        return registry;
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
