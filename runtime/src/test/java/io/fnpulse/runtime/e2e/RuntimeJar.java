package io.fnpulse.runtime.e2e;

import io.fnpulse.testsupport.data.ProjectFiles;
import io.fnpulse.testsupport.process.ServiceProcess;
import io.fnpulse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The real runtime jar started as a user starts it, against a test Redis, with its HTTP port discovered. */
final class RuntimeJar implements AutoCloseable {

    private static final Pattern HTTP_PORT = Pattern.compile("on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServiceProcess process;
    private final int httpPort;

    private RuntimeJar(ServiceProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static Map<String, String> baseEnv(TestRedis redis, Path function) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("FUNCTION_PATH", function.toString());
        env.put("POLL_INTERVAL_SECONDS", "0.05");
        env.put("HTTP_PORT", "0");
        env.put("LEASE_SECONDS", "1");
        env.put("REDIS_TIMEOUT_SECONDS", "0.5");
        return env;
    }

    /**
     * The env for the probe function copied into {@code dir}, reading {@code <prefix>-in} and writing
     * {@code <prefix>-out}: what most end-to-end tests start from.
     */
    static Map<String, String> probeEnv(TestRedis redis, Path dir, String prefix) {
        return keys(baseEnv(redis, Functions.probe(dir)), prefix, "probe.ProbeFunction::handle");
    }

    /** Sets {@code <prefix>-in} and {@code <prefix>-out} as the keys and the handler; returns the same map. */
    static Map<String, String> keys(Map<String, String> env, String prefix, String handler) {
        env.put("REDIS_INPUT_KEY", prefix + "-in");
        env.put("REDIS_OUTPUT_KEY", prefix + "-out");
        env.put("FUNCTION_HANDLER", handler);
        return env;
    }

    /** Starts the jar and waits until its HTTP endpoints answer. */
    static RuntimeJar start(String name, Map<String, String> env) {
        return start(name, env, java.util.List.of());
    }

    /** The same, with JVM flags such as {@code -Xmx64m}. */
    static RuntimeJar start(String name, Map<String, String> env, java.util.List<String> jvmArgs) {
        return start(name, env, jvmArgs, Path.of(ServiceProcess.javaExecutable()));
    }

    /** The same, on another JVM: the {@code java} launcher of another JDK. */
    static RuntimeJar start(String name, Map<String, String> env, java.util.List<String> jvmArgs, Path java) {
        ServiceProcess process = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name(name)
                .java(java)
                .jvmArgs(jvmArgs)
                .env(env)
                .env(
                        "CODE_CACHE_DIR",
                        env.getOrDefault(
                                "CODE_CACHE_DIR",
                                Path.of("target", "code-cache", name + "-" + System.nanoTime())
                                        .toAbsolutePath()
                                        .toString()))
                .start();
        String line = process.awaitLine("serving /healthz", Duration.ofSeconds(30));
        Matcher matcher = HTTP_PORT.matcher(line);
        if (!matcher.find()) {
            throw new AssertionError("no port in: " + line);
        }
        return new RuntimeJar(process, Integer.parseInt(matcher.group(1)));
    }

    ServiceProcess process() {
        return process;
    }

    /** {@code java -jar fnpulse-runtime.jar dead <args>} with the runtime's environment, as an operator runs it. */
    static ServiceProcess deadCommand(Map<String, String> env, String... args) {
        ServiceProcess.Builder builder = ServiceProcess.jar(ProjectFiles.jar("runtime", "fnpulse-runtime.jar"))
                .name("dead-" + String.join("-", args).replace("--", "").replaceAll("[^A-Za-z0-9.-]", "_"))
                .env(env)
                .arg("dead");
        for (String arg : args) {
            builder.arg(arg);
        }
        return builder.start();
    }

    HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                            .timeout(Duration.ofSeconds(15))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one Prometheus sample line, e.g. {@code fnpulse_invocations_total{outcome="bad_input"}}. */
    double metric(String nameAndLabels) {
        String body = get("/metrics").body();
        for (String line : body.split("\n")) {
            if (line.startsWith(nameAndLabels.replace("}", "")) && matches(line, nameAndLabels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static boolean matches(String line, String nameAndLabels) {
        int brace = nameAndLabels.indexOf('{');
        if (brace < 0) {
            return line.startsWith(nameAndLabels + " ") || line.startsWith(nameAndLabels + "{");
        }
        String name = nameAndLabels.substring(0, brace);
        if (!line.startsWith(name + "{")) {
            return false;
        }
        for (String label :
                nameAndLabels.substring(brace + 1, nameAndLabels.length() - 1).split(",")) {
            if (!line.contains(label)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        process.close();
    }
}
