package io.fnpulse.bench.sidebyside;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Start-up and resident memory of service images, compared run by run (interleaved): the time from the exec of java
 * in the container to the first 200 from the service's {@code /healthz}, and VmRSS once it has idled. For the
 * dashboard and the monitor, whose images are built like the runtime's (bench/README.md); hardened and on the host's
 * network as {@link SideBySide} runs the runtime, against a scratch Redis.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.sidebyside.ImageStarts --image IMAGE [--image ...]
 *     --port-variable PORT|HTTP_PORT [--env NAME=VALUE]... [--runs 5] [--idle-ms 5000] [--engine podman]
 *     [--engine-options "--tmpfs /tmp:rw,exec,size=64m"]</pre>
 *
 * The monitor needs {@code --engine-options "--tmpfs /tmp:rw,exec,size=64m"}: JNA loads the library it unpacks there.
 */
public final class ImageStarts {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<String> images = options.all("image");
        String engine = options.string("engine", "podman");
        int runs = options.integer("runs", 5);
        long idleMillis = options.integer("idle-ms", 5_000);
        String portVariable = options.string("port-variable", "HTTP_PORT");
        String limits = options.string("engine-options", "").strip();
        List<String> engineOptions = limits.isEmpty() ? List.of() : List.of(limits.split("\\s+"));
        System.out.println("start-up and memory of service images; " + Machine.describe());
        Path logs = Files.createDirectories(Checkout.root().resolve("bench/target/bench-logs"));
        Map<String, Latencies> starts = new LinkedHashMap<>();
        Map<String, Latencies> resident = new LinkedHashMap<>();
        try (BenchRedis redis = BenchRedis.start();
                Jedis jedis = redis.connect()) {
            for (int run = 0; run < runs; run++) {
                for (String image : images) {
                    jedis.flushAll();
                    int port = BenchRedis.freePort();
                    Map<String, String> env = new LinkedHashMap<>();
                    env.put("REDIS_HOST", redis.host());
                    env.put("REDIS_PORT", Integer.toString(redis.port()));
                    env.put(portVariable, Integer.toString(port));
                    for (String pair : options.all("env")) {
                        env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                    }
                    try (MeasuredRuntime service = ImageRuntime.start(
                            engine, image, "fnpulse-bench-start-" + run, env, null, null, engineOptions, logs)) {
                        long healthy = awaitHealthy(service, port);
                        starts.computeIfAbsent(image, name -> new Latencies()).add(healthy - service.startedNanos());
                        TimeUnit.MILLISECONDS.sleep(idleMillis);
                        resident.computeIfAbsent(image, name -> new Latencies()).add(service.residentKib());
                        service.stop();
                    }
                }
            }
        }
        for (String image : images) {
            System.out.printf(
                    Locale.ROOT,
                    "%-48s exec -> /healthz 200: median %s ms (%s)   RSS after %d s idle: median %.1f MiB (%s)%n",
                    image,
                    Latencies.ms(starts.get(image).median()),
                    each(starts.get(image), 1e6, "%.0f"),
                    idleMillis / 1000,
                    resident.get(image).median() / 1024.0,
                    each(resident.get(image), 1024.0, "%.1f"));
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static long awaitHealthy(MeasuredRuntime service, int port) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(1))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new IllegalStateException("no 200 from /healthz within 120 s; it printed:\n" + service.output());
    }

    private static String each(Latencies values, double unit, String format) {
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= values.count(); i++) {
            all.add(String.format(Locale.ROOT, format, values.percentile(100.0 * i / values.count()) / unit));
        }
        return String.join(" ", all);
    }
}
