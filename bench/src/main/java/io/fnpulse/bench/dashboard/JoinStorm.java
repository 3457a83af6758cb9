package io.fnpulse.bench.dashboard;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Jvm;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * Issue 10's join storm: a dashboard holding about 2 MB of history (7,100 samples, 0.5 s apart, within the default hour), one browser watching, then 200
 * browsers joining at once while an output is written every 50 ms. Prints how long each new output took to reach the
 * watching browser before and during the storm: the poll must not wait on joins.
 *
 * <p>{@code java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.dashboard.JoinStorm}
 */
public final class JoinStorm {

    private static final String KEY = "bench:join-storm";
    private static final int HISTORY = 7_100;
    private static final int JOINERS = 200;
    private static final Pattern VALUE = Pattern.compile("\"seq\":(\\d+)\\.0");

    private JoinStorm() {}

    public static void main(String[] args) throws Exception {
        System.out.println(
                "JoinStorm: " + HISTORY + " samples of history, " + JOINERS + " joins; " + Machine.describe());
        try (BenchRedis redis = BenchRedis.start();
                Jedis jedis = redis.connect()) {
            long now = System.currentTimeMillis();
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < HISTORY; i++) {
                pipeline.xadd(
                        KEY + ":history",
                        new StreamEntryID(now - (HISTORY - i) * 500L, 0),
                        Map.of("data", output(-1, i)));
            }
            pipeline.sync();
            int port = BenchRedis.freePort();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PORT", Integer.toString(port));
            env.put("REDIS_HOST", redis.host());
            env.put("REDIS_PORT", Integer.toString(redis.port()));
            env.put("REDIS_OUTPUT_KEY", KEY);
            env.put("TRIGGER", "notify");
            try (ServiceProcess dashboard =
                    Jvm.start("dashboard-join-storm", Checkout.dashboardJar(), List.of(), env)) {
                dashboard.awaitLine("dashboard listening on http://localhost:" + port, Duration.ofMinutes(1));
                dashboard.awaitLine("subscribed to __keyspace@0__:" + KEY, Duration.ofSeconds(30));
                URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
                HttpClient http = HttpClient.newHttpClient();
                Map<Integer, Long> written = new ConcurrentHashMap<>();
                Latencies quiet = new Latencies();
                Latencies storm = new Latencies();
                AtomicLong historyBytes = new AtomicLong();
                boolean[] storming = {false};
                http.newWebSocketBuilder()
                        .buildAsync(
                                uri,
                                new Watcher(
                                        (seq, arrived) -> {
                                            Long at = written.get(seq);
                                            if (at != null) {
                                                (storming[0] ? storm : quiet).add(arrived - at);
                                            }
                                        },
                                        historyBytes))
                        .get(30, TimeUnit.SECONDS);
                Thread.sleep(2_000);
                int seq = 0;
                for (; seq < 40; seq++) {
                    write(jedis, written, seq);
                    Thread.sleep(50);
                }
                System.out.printf(Locale.ROOT, "history frame: %,d bytes%n", historyBytes.get());
                storming[0] = true;
                List<CompletableFuture<WebSocket>> joins = new ArrayList<>();
                long stormStart = System.nanoTime();
                for (int i = 0; i < JOINERS; i++) {
                    joins.add(HttpClient.newHttpClient()
                            .newWebSocketBuilder()
                            .buildAsync(uri, new Watcher((s, t) -> {}, new AtomicLong())));
                }
                for (; seq < 100; seq++) {
                    write(jedis, written, seq);
                    Thread.sleep(50);
                }
                CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
                Thread.sleep(1_000);
                System.out.printf(
                        Locale.ROOT, "200 joins accepted within %.1f s%n", (System.nanoTime() - stormStart) / 1e9);
                System.out.println("write -> watching browser, quiet:       " + quiet.summary());
                System.out.println("write -> watching browser, during joins: " + storm.summary());
                joins.forEach(join -> join.join().abort());
                dashboard.terminate(Duration.ofSeconds(30));
            }
        }
        System.out.println("load average after: " + Machine.loadAverage());
    }

    private static String output(int seq, int i) {
        // the seed's keys and full-precision values: about 290 bytes a sample, as in the README's footprint note
        return String.format(
                Locale.ROOT,
                "{\"seq\": %d, \"percentage_outgoing_bytes\": %.14f,"
                        + " \"percentage_memory_caching\": %.12f, \"moving_average_cpu_percent-0\": %.3f,"
                        + " \"moving_average_cpu_percent-1\": %.3f, \"moving_average_cpu_percent-2\": %.3f,"
                        + " \"moving_average_cpu_percent-3\": %.3f}",
                seq,
                13.27820765885083 + i % 7,
                27.0263671875 + i % 5,
                10.0 + i % 50,
                20.0 + i % 30,
                30.0 + i % 20,
                40.0 + i % 10);
    }

    private static void write(Jedis jedis, Map<Integer, Long> written, int seq) {
        String output = output(seq, seq);
        written.put(seq, System.nanoTime());
        jedis.set(KEY, output);
        jedis.xadd(KEY + ":history", StreamEntryID.NEW_ENTRY, Map.of("data", output));
    }

    /** Reads every frame; reports each sample's {@code seq} with its arrival time. */
    private static final class Watcher implements WebSocket.Listener {
        interface Arrival {
            void seen(int seq, long arrivedNanos);
        }

        private final Arrival arrival;
        private final AtomicLong historyBytes;
        private final StringBuilder text = new StringBuilder();

        Watcher(Arrival arrival, AtomicLong historyBytes) {
            this.arrival = arrival;
            this.historyBytes = historyBytes;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long now = System.nanoTime();
                String frame = text.toString();
                text.setLength(0);
                if (frame.startsWith("{\"type\":\"history\"") && historyBytes.get() == 0) {
                    historyBytes.set(frame.getBytes(StandardCharsets.UTF_8).length);
                }
                Matcher value = VALUE.matcher(frame);
                while (value.find()) {
                    arrival.seen(Integer.parseInt(value.group(1)), now);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
