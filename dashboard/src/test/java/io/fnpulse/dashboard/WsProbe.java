package io.fnpulse.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client standing in for a browser: records every frame it reads. {@link #stopReading()} makes it stop
 * asking for frames, so it stops reading its socket, as a browser tab that hangs would.
 */
public final class WsProbe implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private volatile boolean closed;
    private WebSocket socket;

    private WsProbe() {}

    public static WsProbe connect(URI uri) {
        return connect(uri, java.util.Map.of());
    }

    public static WsProbe connect(URI uri, java.util.Map<String, String> headers) {
        WsProbe probe = new WsProbe();
        try {
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
            headers.forEach(builder::header);
            probe.socket = builder.buildAsync(uri, probe.new Listener()).get(10, TimeUnit.SECONDS);
            return probe;
        } catch (Exception e) {
            throw new IllegalStateException("could not open " + uri, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(MAPPER.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed = true;
        }
    }

    public List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    public List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** The samples of every sample frame, in arrival order. */
    public List<JsonNode> samples() {
        return frames("sample").stream().map(f -> f.get("sample")).toList();
    }

    public JsonNode awaitFrame(String description, Predicate<JsonNode> matcher) {
        return await(description)
                .atMost(Duration.ofSeconds(20))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> frames.stream().filter(matcher).findFirst().orElse(null), f -> f != null);
    }

    public JsonNode awaitSample(String key, double value) {
        return awaitFrame(
                        "a sample with " + key + "=" + value,
                        f -> "sample".equals(f.path("type").asText())
                                && f.get("sample").get("values").path(key).asDouble(Double.NaN) == value)
                .get("sample");
    }

    public JsonNode awaitState(String description, Predicate<JsonNode> matcher) {
        return awaitFrame(description, f -> "state".equals(f.path("type").asText()) && matcher.test(f.get("state")))
                .get("state");
    }

    public void stopReading() {
        reading = false;
    }

    public void resumeReading() {
        reading = true;
        socket.request(Long.MAX_VALUE / 2);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            socket.abort();
        }
    }
}
