package io.fnpulse.bench.fleet;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import io.fnpulse.service.lifecycle.DaemonThreads;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * {@code --hosts} simulated hosts, each writing one snapshot a second to its own key {@code metrics:host-N}, served
 * by {@code --replicas} runtimes with REDIS_INPUT_KEY=metrics:* and the metrics function: inputs handled per second,
 * SET → output written (its keyspace notification), and the runtimes' CPU per 1,000 hosts.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.fleet.FleetLoad
 *     [--hosts 1000] [--replicas 1] [--seconds 60] [--warmup 20] [--jvm "..."]</pre>
 */
public final class FleetLoad {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int hosts = options.integer("hosts", 1_000);
        int replicas = options.integer("replicas", 1);
        int seconds = options.integer("seconds", 60);
        int warmup = options.integer("warmup", 20);
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.println("fleet: " + hosts + " hosts at 1 Hz, " + replicas + " replica(s), metrics function; "
                + Machine.describe());
        try (BenchRedis redis = BenchRedis.start();
                Scratch scratch = Scratch.create("fleet");
                Jedis writer = redis.connect();
                Outputs outputs = new Outputs(redis)) {
            List<ServiceProcess> runtimes = new ArrayList<>();
            try {
                for (int i = 0; i < replicas; i++) {
                    runtimes.add(Jvm.start("runtime-fleet-" + i, Checkout.runtimeJar(), flags, env(redis, scratch)));
                }
                for (ServiceProcess runtime : runtimes) {
                    runtime.awaitLine("subscribed to __keyspace@0__:metrics:\\*", Duration.ofSeconds(60));
                }
                Snapshots snapshots = new Snapshots(4);
                long period = TimeUnit.SECONDS.toNanos(1) / hosts;
                long start = System.nanoTime();
                long cpuBefore = 0;
                long measuredFrom = 0;
                Latencies latencies = new Latencies();
                outputs.latencies = null;
                for (int second = 0; second < warmup + seconds; second++) {
                    if (second == warmup) {
                        cpuBefore = runtimes.stream()
                                .mapToLong(ServiceProcess::cpuTicks)
                                .sum();
                        measuredFrom = System.nanoTime();
                        outputs.handled.set(0);
                        outputs.latencies = latencies;
                    }
                    for (int host = 0; host < hosts; host++) {
                        long due = start + (second * (long) hosts + host) * period;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        String key = "metrics:host-" + host;
                        outputs.sent.put("metrics-output:host-" + host, System.nanoTime());
                        writer.set(key, snapshots.json(second));
                    }
                }
                TimeUnit.SECONDS.sleep(2);
                double elapsed = (System.nanoTime() - measuredFrom) / 1e9;
                long cpu = runtimes.stream().mapToLong(ServiceProcess::cpuTicks).sum() - cpuBefore;
                double cpuShare = cpu / 100.0 / elapsed;
                System.out.printf(
                        "handled     %,.0f inputs/s (%,d in %.1f s; %,d sent per s)%n",
                        outputs.handled.get() / elapsed, outputs.handled.get(), elapsed, hosts);
                System.out.printf("latency     SET -> output written: %s%n", latencies.summary());
                System.out.printf(
                        "cpu         %.2f cores for the runtimes, %.2f cores per 1,000 hosts%n",
                        cpuShare, cpuShare * 1000 / hosts);
            } finally {
                for (ServiceProcess runtime : runtimes) {
                    runtime.terminate(Duration.ofSeconds(30));
                }
            }
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    private static Map<String, String> env(BenchRedis redis, Scratch scratch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", "metrics:*");
        env.put("REDIS_OUTPUT_KEY", "metrics-output");
        env.put("TRIGGER", "notify");
        env.put("FUNCTION_PATH", Checkout.functionSource().toString());
        env.put("FUNCTION_HANDLER", "io.fnpulse.function.MetricsFunction::handle");
        env.put("CODE_CACHE_DIR", scratch.resolve("code-cache").toString());
        env.put("HTTP_PORT", "0");
        return env;
    }

    /** Every SET of an output key, as Redis announces it, matched with when its input was sent. */
    private static final class Outputs implements AutoCloseable {
        final Map<String, Long> sent = new ConcurrentHashMap<>();
        final AtomicLong handled = new AtomicLong();
        volatile Latencies latencies;
        private final Jedis connection;
        private final JedisPubSub pubSub;
        private final Thread thread;

        Outputs(BenchRedis redis) throws InterruptedException {
            connection = redis.connect();
            CountDownLatch subscribed = new CountDownLatch(1);
            pubSub = new JedisPubSub() {
                @Override
                public void onPMessage(String pattern, String channel, String event) {
                    long at = System.nanoTime();
                    String key = channel.substring("__keyspace@0__:".length());
                    if (!"set".equals(event) || key.indexOf(':', "metrics-output:".length()) >= 0) {
                        return;
                    }
                    Long from = sent.remove(key);
                    Latencies now = latencies;
                    if (from != null && now != null) {
                        synchronized (now) {
                            now.add(at - from);
                        }
                        handled.incrementAndGet();
                    }
                }

                @Override
                public void onPSubscribe(String pattern, int count) {
                    subscribed.countDown();
                }
            };
            thread = DaemonThreads.daemon(
                    () -> {
                        try {
                            connection.psubscribe(pubSub, "__keyspace@0__:metrics-output:*");
                        } catch (RuntimeException e) {
                            // closed
                        }
                    },
                    "fleet-outputs");
            thread.start();
            subscribed.await(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            try {
                pubSub.punsubscribe();
            } catch (RuntimeException e) {
                // gone
            }
            thread.join(2_000);
            connection.close();
        }
    }
}
