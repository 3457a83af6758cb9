package io.fnpulse.bench.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium on one page, driven over the DevTools protocol with the JDK's WebSocket: enough to
 * evaluate an expression in the page, without a WebDriver in the bench jar.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> calls;
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(
            Process process, Path profile, WebSocket socket, Map<Integer, CompletableFuture<JsonNode>> calls) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.calls = calls;
    }

    static HeadlessChromium open(URI page, int width, int height) throws Exception {
        String binary = System.getProperty("fnpulse.chromium", "/usr/bin/chromium");
        Path profile = Files.createTempDirectory("fnpulse-page-lag-");
        Process process = new ProcessBuilder(
                        binary,
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--hide-scrollbars",
                        "--force-device-scale-factor=1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "--window-size=" + width + "," + height,
                        page.toString())
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> endpoint = new CompletableFuture<>();
        Thread drain = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = out.readLine(); line != null; line = out.readLine()) {
                            Matcher matcher = LISTENING.matcher(line);
                            if (matcher.find()) {
                                endpoint.complete(matcher.group(1));
                            }
                        }
                    } catch (IOException e) {
                        endpoint.completeExceptionally(e);
                    }
                    endpoint.completeExceptionally(new IllegalStateException("chromium exited: " + binary));
                },
                "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(endpoint.get(30, TimeUnit.SECONDS));
        HttpClient http = HttpClient.newHttpClient();
        URI list = URI.create("http://" + browser.getRawAuthority() + "/json/list");
        String pageSocket = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pageSocket == null && System.nanoTime() < deadline) {
            JsonNode targets = MAPPER.readTree(
                    http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString())
                            .body());
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asText())) {
                    pageSocket = target.path("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            throw new IllegalStateException("no page target in " + list);
        }
        Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode message = MAPPER.readTree(text.toString());
                                CompletableFuture<JsonNode> call =
                                        calls.remove(message.path("id").asInt(-1));
                                if (call != null) {
                                    call.complete(message);
                                }
                            } catch (IOException e) {
                                // an event we do not read
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(30, TimeUnit.SECONDS);
        return new HeadlessChromium(process, profile, socket, calls);
    }

    /** The value of a JavaScript expression in the page (a promise is awaited), as JSON. */
    JsonNode evaluate(String expression, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode call = MAPPER.createObjectNode();
        call.put("id", id);
        call.put("method", "Runtime.evaluate");
        ObjectNode params = call.putObject("params");
        params.put("expression", expression);
        params.put("returnByValue", true);
        params.put("awaitPromise", true);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        socket.sendText(call.toString(), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode message = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode result = message.path("result");
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    @Override
    public void close() {
        socket.abort();
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
