package io.fnpulse.stack.deploy;

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

/**
 * The real runtime jar started as its Kubernetes container would start: the image's JVM, options and variables, the
 * manifest's environment, and its volumes laid out under a temporary folder, with every path in the environment
 * re-rooted there. Only the addresses differ: Redis is the test's, and the HTTP port is a free one.
 */
final class DeployedRuntime implements AutoCloseable {

    private static final Pattern HTTP_PORT = Pattern.compile("on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ServiceProcess process;
    private final RerootedMounts mounts;
    private final Map<String, String> env;
    private final int httpPort;

    private DeployedRuntime(ServiceProcess process, RerootedMounts mounts, Map<String, String> env, int httpPort) {
        this.process = process;
        this.mounts = mounts;
        this.env = env;
        this.httpPort = httpPort;
    }

    static DeployedRuntime start(Manifests manifests, TestRedis redis, Path root) {
        ContainerView container = manifests.container(FnpulseService.RUNTIME);
        RerootedMounts mounts = RerootedMounts.layOut(container, manifests, root);
        Map<String, String> env = new LinkedHashMap<>(Dockerfile.imageEnv(FnpulseService.RUNTIME));
        env.putAll(container.env(manifests));
        // The test's Redis has no ACL users: the Redis login is ServicesAsRedisUsersIT's and the smoke test's matter.
        env.remove("REDIS_USERNAME");
        env.remove("REDIS_PASSWORD_FILE");
        env.replaceAll((name, value) -> value.startsWith("/") ? reroot(container, mounts, name, value) : value);
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("HTTP_PORT", "0");

        if (!mounts.isMounted("/tmp")) {
            throw new AssertionError(container + " has no volume on /tmp, its java.io.tmpdir, under a read-only root");
        }
        ServiceProcess.Builder builder = ServiceProcess.jar(
                        ProjectFiles.jar("runtime", FnpulseService.RUNTIME.jarName()))
                .name("deployed-runtime")
                .env(env)
                .jvmArg("-Djava.io.tmpdir=" + mounts.hostPath("/tmp"));
        imageJvm(builder);
        ServiceProcess process = builder.start();
        Matcher port = HTTP_PORT.matcher(process.awaitLine("serving /healthz", Duration.ofSeconds(30)));
        if (!port.find()) {
            throw new AssertionError("the runtime logged no HTTP port");
        }
        return new DeployedRuntime(process, mounts, env, Integer.parseInt(port.group(1)));
    }

    /**
     * The image's JVM and options where this machine has a JDK of its version, less the AOT caches, which only the
     * image holds; else the JVM of these tests with its defaults (an image's options may not exist in another JVM).
     */
    private static void imageJvm(ServiceProcess.Builder builder) {
        Dockerfile image = Dockerfile.of(FnpulseService.RUNTIME);
        ImageJdk.java(image.javaFeature()).ifPresent(java -> {
            builder.java(java);
            image.jvmOptions().stream()
                    .filter(option -> !option.startsWith("-XX:AOTCache="))
                    .map(option -> option.replaceAll("-XX:AOTCache=\\S+\\s*", ""))
                    .forEach(builder::jvmArg);
        });
    }

    private static String reroot(ContainerView container, RerootedMounts mounts, String name, String value) {
        if (!mounts.isMounted(value)) {
            throw new AssertionError(container + ": " + name + "=" + value + " lies on no volume, so in the image,"
                    + " which under a read-only root holds only what the image put there");
        }
        return mounts.hostPath(value).toString();
    }

    ServiceProcess process() {
        return process;
    }

    RerootedMounts mounts() {
        return mounts;
    }

    Map<String, String> env() {
        return env;
    }

    int get(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
