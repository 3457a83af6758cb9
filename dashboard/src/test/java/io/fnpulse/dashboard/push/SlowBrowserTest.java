package io.fnpulse.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.WsProbe;
import io.fnpulse.dashboard.feed.Feed;
import io.fnpulse.dashboard.history.History;
import io.fnpulse.dashboard.metrics.DashboardMeters;
import io.fnpulse.dashboard.metrics.OutputGauges;
import io.fnpulse.dashboard.poll.Output;
import io.fnpulse.dashboard.poll.PollResult;
import io.fnpulse.dashboard.web.WebServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser that stops reading must not hold up the others, nor make the server buffer without bound. The feed is
 * driven directly here (no Redis: what is tested is the path from a sample to the sockets), with large samples so
 * that a stalled reader fills the socket buffers quickly.
 */
class SlowBrowserTest {

    private static final int SAMPLES = 200;
    private static final int KEYS = 64;
    private static final String PADDING = "k".repeat(4_000);

    private PrometheusMeterRegistry registry;
    private Feed feed;
    private WebServer web;

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DashboardMeters meters = new DashboardMeters(registry);
        Fanout fanout = new Fanout(meters);
        Frames frames = new Frames(new ObjectMapper(), "slow", 60, 100);
        History history = new History(SAMPLES + 10, Duration.ofHours(1), Duration.ofMillis(100));
        feed = new Feed(
                history,
                fanout,
                frames,
                new OutputGauges(registry),
                meters,
                "redis://nowhere",
                "slow",
                Clock.systemUTC());
        web = WebServer.start(
                0,
                feed,
                fanout,
                frames,
                registry,
                new io.fnpulse.service.lifecycle.Liveness(registry, Clock.systemUTC()),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        web.close();
        registry.close();
    }

    private void publish(int i) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("x", (double) i);
        for (int k = 0; k < KEYS; k++) {
            values.put(PADDING + k, (double) k);
        }
        feed.accept(new PollResult.Reached(
                Instant.now(),
                Duration.ZERO,
                new Output.Numbers(values, List.of()),
                true,
                Optional.empty(),
                null,
                false));
    }

    private double counter(String name) {
        return registry.get(name).counter().count();
    }

    @Test
    void aBrowserThatStopsReadingDoesNotDelayTheOthersAndIsToldToResync() {
        URI ws = URI.create("ws://127.0.0.1:" + web.port() + "/ws");
        try (WsProbe slow = WsProbe.connect(ws);
                WsProbe fast = WsProbe.connect(ws)) {
            slow.stopReading();
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.browsers() == 2);

            for (int i = 1; i <= SAMPLES; i++) {
                publish(i);
                fast.awaitSample("x", i);
            }

            assertThat(fast.samples()).hasSize(SAMPLES);
            assertThat(fast.frames("resync")).isEmpty();
            assertThat(slow.samples())
                    .as("the stalled browser read almost nothing")
                    .hasSizeLessThan(SAMPLES / 2);
            assertThat(counter("fnpulse.dashboard.ws.frames.dropped"))
                    .as("frames dropped for the stalled browser instead of queued without bound")
                    .isPositive();

            slow.resumeReading();
            slow.awaitFrame("a resync frame", f -> f.path("type").asText().equals("resync"));
            assertThat(counter("fnpulse.dashboard.ws.resyncs")).isEqualTo(1.0);
            publish(SAMPLES + 1);
            slow.awaitSample("x", SAMPLES + 1);
            fast.awaitSample("x", SAMPLES + 1);
        }
    }
}
