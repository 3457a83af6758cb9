package io.fnpulse.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.lifecycle.Liveness;
import io.fnpulse.service.metrics.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersHealthReadinessAndMetrics() throws Exception {
        PrometheusMeterRegistry registry = ServiceMetrics.newRegistry("test");
        registry.counter("fnpulse_test_events").increment();
        AtomicReference<Readiness> readiness = new AtomicReference<>(Readiness.notReady("redis unreachable"));
        Liveness liveness = new Liveness(registry, Clock.systemUTC());
        Heartbeat loop = liveness.loop("work", Duration.ofMinutes(1));
        try (HealthServer server = HealthServer.start(0, registry, liveness, readiness::get)) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

            HttpResponse<String> notReady = get(server, "/readyz");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("redis unreachable");

            readiness.set(Readiness.ready("function loaded"));
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.body())
                    .contains("fnpulse_test_events_total{service=\"test\"} 1.0")
                    .contains("jvm_memory_used_bytes");

            loop.ended("java.lang.IllegalStateException: gone");
            HttpResponse<String> dead = get(server, "/healthz");
            assertThat(dead.statusCode()).isEqualTo(503);
            assertThat(dead.body()).contains("loop 'work' ended at").contains("IllegalStateException: gone");
        }
    }

    private HttpResponse<String> get(HealthServer server, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
