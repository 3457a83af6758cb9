package io.fnpulse.dashboard;

import io.fnpulse.testsupport.data.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** What the end-to-end tests of the real dashboard jar share: the jar, a port for it, and GETs of its endpoints. */
public final class DashboardJar {

    public static final Path JAR = ProjectFiles.jar("dashboard", "fnpulse-dashboard.jar");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DashboardJar() {}

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET of {@code path} on the dashboard at {@code port}, answered within 10 s. */
    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
