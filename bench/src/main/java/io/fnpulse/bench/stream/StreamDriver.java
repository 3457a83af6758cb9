package io.fnpulse.bench.stream;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.KeyWrites;
import io.fnpulse.bench.rig.Latencies;
import io.fnpulse.bench.rig.Snapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * Feeds a runtime on {@code TRIGGER=stream} ({@link #STREAM}, group {@link #OUT}) with 4-CPU snapshots and times what
 * it does with them: a backlog appended at once and drained, entries paced at a rate, entries one at a time. An entry
 * is done when its calls log entry is appended ({@code <O>:calls}): every entry gets exactly one, in stream order,
 * whether the runtime commits entries one by one or in runs, so the i-th such append is the i-th entry's.
 */
public final class StreamDriver {

    public static final String STREAM = "metrics:stream";
    public static final String OUT = "metrics-output";

    private final BenchRedis redis;
    private final Jedis jedis;
    private final Snapshots snapshots = new Snapshots(4);
    private long appended;

    public StreamDriver(BenchRedis redis, Jedis jedis) {
        this.redis = redis;
        this.jedis = jedis;
    }

    /** The runtime's settings for this stream (to which the caller adds where its code and cache are). */
    public static Map<String, String> env(BenchRedis redis) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDIS_HOST", redis.host());
        env.put("REDIS_PORT", Integer.toString(redis.port()));
        env.put("REDIS_INPUT_KEY", "metrics");
        env.put("REDIS_INPUT_STREAM", STREAM);
        env.put("REDIS_OUTPUT_KEY", OUT);
        env.put("TRIGGER", "stream");
        env.put("CALLS_LOG_LENGTH", "1000000");
        env.put("FUNCTION_HANDLER", "io.fnpulse.function.MetricsFunction::handle");
        env.put("HTTP_PORT", "0");
        return env;
    }

    /** Appends {@code count} entries in one pipeline and waits until the runtime has done them all; seconds taken. */
    public double drain(int count) throws InterruptedException {
        long started = System.nanoTime();
        try (Pipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < count; i++) {
                pipeline.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("data", snapshots.json(appended++)));
            }
            pipeline.sync();
        }
        awaitDone();
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Appends {@code count} entries at {@code perSecond}, each at its time whether or not the runtime kept up, and
     * times each from its XADD to its calls log entry.
     */
    public Latencies paced(int count, int perSecond) throws InterruptedException {
        awaitDone();
        try (KeyWrites done = new KeyWrites(redis, OUT + ":calls", "xadd")) {
            long[] sent = new long[count];
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            for (int i = 0; i < count; i++) {
                long due = start + i * 1_000_000_000L / perSecond;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 200_000));
                }
                sent[i] = System.nanoTime();
                jedis.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("data", snapshots.json(appended++)));
            }
            Latencies latencies = new Latencies();
            for (int i = 0; i < count; i++) {
                long at = done.next(60_000);
                if (at < 0) {
                    throw new IllegalStateException(
                            "entry " + i + " of " + count + " paced ones was not done within 60 s");
                }
                latencies.add(at - sent[i]);
            }
            return latencies;
        }
    }

    /** One entry at a time, each after a short pause, timed from XADD to its calls log entry. */
    public Latencies oneAtATime(int count) throws InterruptedException {
        awaitDone();
        try (KeyWrites done = new KeyWrites(redis, OUT + ":calls", "xadd")) {
            Latencies latencies = new Latencies();
            for (int i = 0; i < count; i++) {
                TimeUnit.MICROSECONDS.sleep(200 + i % 800);
                long sent = System.nanoTime();
                jedis.xadd(STREAM, StreamEntryID.NEW_ENTRY, Map.of("data", snapshots.json(appended++)));
                long at = done.next(10_000);
                if (at >= 0) {
                    latencies.add(at - sent);
                }
            }
            return latencies;
        }
    }

    /** Until every entry appended so far has a calls log entry and none is pending. */
    public void awaitDone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (jedis.xlen(OUT + ":calls") >= appended
                    && jedis.xpending(STREAM, OUT).getTotal() == 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new IllegalStateException("the runtime did not do " + appended + " entries within 10 minutes");
    }

    /** CPU seconds the Redis server has used so far (user and system), from INFO cpu. */
    public double redisCpuSeconds() {
        double seconds = 0;
        for (String line : jedis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1));
            }
        }
        return seconds;
    }

    /** The commands Redis spent most time on, with microseconds per call. */
    public String redisTime() {
        List<String[]> stats = new ArrayList<>();
        for (String line : jedis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    fields.put(field.substring(0, field.indexOf('=')), field.substring(field.indexOf('=') + 1));
                }
                stats.add(new String[] {
                    line.substring(8, line.indexOf(':')),
                    fields.get("usec"),
                    fields.get("usec_per_call"),
                    fields.get("calls")
                });
            }
        }
        stats.sort((a, b) -> Long.compare(Long.parseLong(b[1]), Long.parseLong(a[1])));
        StringBuilder out = new StringBuilder();
        for (String[] stat : stats.subList(0, Math.min(8, stats.size()))) {
            out.append(stat[0])
                    .append(' ')
                    .append(stat[2])
                    .append(" us x ")
                    .append(stat[3])
                    .append("; ");
        }
        return out.toString();
    }
}
