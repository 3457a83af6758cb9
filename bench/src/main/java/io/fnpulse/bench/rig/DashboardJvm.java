package io.fnpulse.bench.rig;

import io.fnpulse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real dashboard jar on a free port, reading one output key, with the trigger and poll interval asked for. */
public final class DashboardJvm implements AutoCloseable {

    private final ServiceProcess process;
    private final int port;

    private DashboardJvm(ServiceProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static DashboardJvm start(
            BenchRedis redis, String outputKey, String trigger, String pollSeconds, List<String> jvmFlags) {
        int port = BenchRedis.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_OUTPUT_KEY", outputKey);
        env.put("POLL_INTERVAL_SECONDS", pollSeconds);
        env.put("TRIGGER", trigger);
        ServiceProcess process = Jvm.start("dashboard-" + trigger, Checkout.dashboardJar(), jvmFlags, env);
        DashboardJvm dashboard = new DashboardJvm(process, port);
        process.awaitLine("dashboard listening on http://localhost:" + port, Duration.ofMillis(60_000));
        if (trigger.equals("notify")) {
            process.awaitLine("subscribed to __keyspace@0__:" + outputKey, Duration.ofMillis(30_000));
        }
        return dashboard;
    }

    public int port() {
        return port;
    }

    public URI httpUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI socketUri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    public ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.terminate(Duration.ofMillis(30_000));
        process.close();
    }
}
