package io.fnpulse.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fnpulse.service.lifecycle.DaemonThreads;
import io.fnpulse.service.lifecycle.Liveness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the service's work loops run and beat on time, see {@link Liveness}), {@code /readyz} (it can do
 * its job now: Redis answers, a function is loaded) and {@code /metrics} (Prometheus) on the JDK's own HTTP server:
 * no web framework for three plain endpoints keeps a service's footprint small.
 */
public final class HealthServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static HealthServer start(
            int port, PrometheusMeterRegistry registry, Liveness liveness, Supplier<Readiness> readiness) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
            server.createContext("/healthz", exchange -> {
                Liveness.Report now = liveness.check();
                respond(exchange, now.alive() ? 200 : 503, "text/plain", now.detail() + "\n");
            });
            server.createContext("/readyz", exchange -> {
                Readiness now = readiness.get();
                respond(exchange, now.ready() ? 200 : 503, "text/plain", now.detail() + "\n");
            });
            server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
            ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("http"));
            server.setExecutor(executor);
            server.start();
            return new HealthServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not listen on port " + port + " for /healthz, /readyz and /metrics", e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
