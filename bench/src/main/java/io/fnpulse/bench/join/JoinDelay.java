package io.fnpulse.bench.join;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.BrowserSocket;
import io.fnpulse.bench.rig.DashboardJvm;
import io.fnpulse.bench.rig.JvmFlags;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.OutputValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * Does a crowd of joining browsers hold up the live feed? The output history (the runtime's {@code <O>:history}
 * stream) is filled to about {@code --history-mb}, the dashboard started on it, one probe browser connected; then a
 * writer commits a new output every {@code --gap-ms} (SET of the output key and XADD to the history, as the runtime's
 * commit does) while {@code --joiners} browsers connect all at once. Printed: SET → sample frame at the probe before
 * and during the joins, and how long the joiners took to get their history frames.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.join.JoinDelay
 *     [--joiners 200] [--history-mb 2] [--gap-ms 100] [--jvm "flags"]</pre>
 */
public final class JoinDelay {

    private static final String KEY = "bench-join";

    private JoinDelay() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int joiners = options.integer("joiners", 200);
        int historyMb = options.integer("history-mb", 2);
        int gapMillis = options.integer("gap-ms", 100);
        List<String> flags = JvmFlags.split(options.string("jvm", ""));
        System.out.printf("dashboard joins: %d browsers at once, ~%d MB of history, an output every %d ms; %s%n",
                joiners, historyMb, gapMillis, Machine.describe());
        ExecutorService browserThreads = Executors.newFixedThreadPool(2);
        HttpClient http = HttpClient.newBuilder().executor(browserThreads).build();
        Map<Integer, Long> sent = new ConcurrentHashMap<>();
        Map<Integer, Long> atProbe = new ConcurrentHashMap<>();
        try (BenchRedis redis = BenchRedis.start(); Jedis jedis = redis.connect()) {
            int seq = fillHistory(jedis, historyMb * 1024L * 1024L);
            try (DashboardJvm dashboard = DashboardJvm.start(redis, KEY, "notify", "2.5", flags)) {
                URI base = URI.create(dashboard.socketUri().toString().replace("ws://", "http://").replace("/ws", ""));
                long historyBytes = http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/history")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body().length;
                System.out.printf("history frame: %,d bytes (%d samples written)%n", historyBytes, seq);
                BrowserSocket probe = BrowserSocket.open(http, dashboard.socketUri(), 0, false,
                        (client, s, nanos) -> atProbe.putIfAbsent(s, nanos)).get(30, TimeUnit.SECONDS);
                if (!probe.awaitHistory(30_000)) {
                    throw new IllegalStateException("the probe got no history frame within 30 s");
                }
                int quietFrom = seq + 1;
                seq = write(jedis, seq, 30, gapMillis, sent);
                int joinFrom = seq + 1;
                long joinStarted = System.nanoTime();
                List<CompletableFuture<BrowserSocket>> opening = new ArrayList<>();
                for (int i = 1; i <= joiners; i++) {
                    opening.add(BrowserSocket.open(http, dashboard.socketUri(), i, false, (client, s, nanos) -> { }));
                }
                CompletableFuture<Void> allJoined = CompletableFuture.runAsync(() -> {
                    try {
                        for (CompletableFuture<BrowserSocket> open : opening) {
                            if (!open.get(60, TimeUnit.SECONDS).awaitHistory(60_000)) {
                                throw new IllegalStateException("a joiner got no history frame within 60 s");
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                while (!allJoined.isDone()) {
                    seq = write(jedis, seq, 1, gapMillis, sent);
                }
                allJoined.join();
                double joinSeconds = (System.nanoTime() - joinStarted) / 1e9;
                int joinTo = seq;
                seq = write(jedis, seq, 10, gapMillis, sent);
                TimeUnit.SECONDS.sleep(2);
                System.out.println("probe, before the joins  " + delays(sent, atProbe, quietFrom, joinFrom - 1));
                System.out.println("probe, during the joins  " + delays(sent, atProbe, joinFrom, joinTo));
                System.out.printf("all %d joiners had their history after %.2f s (%,d bytes each)%n", joiners,
                        joinSeconds, historyBytes);
                probe.close();
                for (CompletableFuture<BrowserSocket> open : opening) {
                    open.join().close();
                }
            }
        } finally {
            browserThreads.shutdownNow();
        }
        System.out.println("load average at the end: " + Machine.loadAverage());
    }

    /** History entries one second apart, ending now, until they hold about {@code bytes} of output JSON. */
    private static int fillHistory(Jedis jedis, long bytes) {
        int perEntry = OutputValues.numbered(0).length();
        int entries = (int) Math.max(1, bytes / perEntry);
        long now = System.currentTimeMillis();
        try (var pipeline = jedis.pipelined()) {
            for (int seq = 1; seq <= entries; seq++) {
                pipeline.xadd(KEY + ":history", new StreamEntryID(now - (entries - seq) * 1000L, 0),
                        Map.of("data", OutputValues.numbered(seq)));
            }
            pipeline.sync();
        }
        jedis.set(KEY, OutputValues.numbered(entries));
        return entries;
    }

    private static int write(Jedis jedis, int seq, int count, int gapMillis, Map<Integer, Long> sent)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            seq++;
            String value = OutputValues.numbered(seq);
            sent.put(seq, System.nanoTime());
            jedis.set(KEY, value);
            jedis.xadd(KEY + ":history", StreamEntryID.NEW_ENTRY, Map.of("data", value));
            TimeUnit.MILLISECONDS.sleep(gapMillis);
        }
        return seq;
    }

    private static String delays(Map<Integer, Long> sent, Map<Integer, Long> arrived, int from, int to) {
        Latencies latencies = new Latencies();
        int missing = 0;
        for (int seq = from; seq <= to; seq++) {
            Long at = arrived.get(seq);
            if (at == null) {
                missing++;
            } else {
                latencies.add(at - sent.get(seq));
            }
        }
        return latencies.summary() + " (missing " + missing + ")";
    }
}
