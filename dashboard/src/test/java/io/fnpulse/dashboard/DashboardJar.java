package io.fnpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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

    /**
     * Starts the jar with {@code env} and the Redis at {@code redis}, {@code variable} set to {@code value}, and checks
     * that it refuses to start: exit code 2, one line naming the variable.
     */
    public static void assertRefusesToStart(
            String name, TestRedis redis, Map<String, String> env, String variable, String value) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("REDIS_HOST", redis.host());
        all.put("REDIS_PORT", Integer.toString(redis.port()));
        all.put(variable, value);
        try (ServiceProcess dashboard =
                ServiceProcess.jar(JAR).name(name).env(all).start()) {
            assertThat(dashboard.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(dashboard.lines())
                    .singleElement()
                    .asString()
                    .contains(variable)
                    .contains("configuration refused");
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
