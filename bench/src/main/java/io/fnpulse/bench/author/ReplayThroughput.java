package io.fnpulse.bench.author;

import io.fnpulse.bench.rig.BenchRedis;
import io.fnpulse.bench.rig.Checkout;
import io.fnpulse.bench.rig.Machine;
import io.fnpulse.bench.rig.Options;
import io.fnpulse.bench.rig.Scratch;
import io.fnpulse.bench.rig.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;

/**
 * {@code ./fnpulse replay} of the metrics function over a stream of {@code --entries} 4-CPU snapshots in a real
 * Redis, the whole process as a user runs it: entries per second over the whole run (JVM start and load included),
 * and over the replay itself (reading pages of the stream, calling the function, printing), as replay reports it.
 * With {@code --compare true} every entry also has a recorded output in {@code metrics-output:history}.
 *
 * <pre>java -cp bench/target/fnpulse-bench.jar io.fnpulse.bench.author.ReplayThroughput [--entries 10000]
 *     [--compare false] [--runs 3]</pre>
 */
public final class ReplayThroughput {

    private static final Pattern REPORTED = Pattern.compile("(\\d+) entries of metrics:stream in ([0-9.]+) s");

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int entries = options.integer("entries", 10_000);
        int runs = options.integer("runs", 3);
        boolean compare = Boolean.parseBoolean(options.string("compare", "false"));
        System.out.println("./fnpulse replay, metrics function source, " + entries + " 4-CPU snapshots"
                + (compare ? ", each compared with a recorded output" : "") + "; " + Machine.describe());
        try (BenchRedis redis = BenchRedis.start();
                Scratch scratch = Scratch.create("replay");
                Jedis jedis = redis.connect()) {
            System.out.println("Redis: " + redis.describe());
            List<String> ids = fill(jedis, entries);
            Map<String, String> env = Map.of(
                    "REDIS_HOST", redis.host(),
                    "REDIS_PORT", Integer.toString(redis.port()),
                    "CODE_CACHE_DIR", scratch.resolve("code-cache").toString());
            List<String> command = new ArrayList<>(
                    List.of("./fnpulse", "replay", Checkout.functionSource().toString(), "--stream", "metrics:stream"));
            Path stdout = scratch.resolve("out.jsonl");
            AuthorRun.of(Checkout.root(), env, stdout, command).requireExit(0); // fills the compile cache
            if (compare) {
                record(jedis, ids, Files.readAllLines(stdout));
                command.addAll(List.of("--compare", "metrics-output:history"));
            }
            for (int run = 1; run <= runs; run++) {
                AuthorRun timed =
                        AuthorRun.of(Checkout.root(), env, stdout, command).requireExit(0);
                Matcher reported = REPORTED.matcher(timed.stderr());
                if (!reported.find() || Integer.parseInt(reported.group(1)) != entries) {
                    throw new IllegalStateException(
                            "replay did not report " + entries + " entries:\n" + timed.stderr());
                }
                double replaySeconds = Double.parseDouble(reported.group(2));
                double wholeSeconds = timed.nanos() / 1e9;
                System.out.printf(
                        "run %d: whole process %.2f s (CPU %.2f s), %,.0f entries/s; the replay itself %.2f s, %,.0f"
                                + " entries/s%n",
                        run,
                        wholeSeconds,
                        timed.cpuNanos() / 1e9,
                        entries / wholeSeconds,
                        replaySeconds,
                        entries / replaySeconds);
            }
            System.out.println("load average after: " + Machine.loadAverage());
        }
    }

    /** The stream of snapshots; returns the entries' IDs. */
    private static List<String> fill(Jedis jedis, int entries) {
        Snapshots snapshots = new Snapshots(4);
        List<Response<StreamEntryID>> ids = new ArrayList<>(entries);
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < entries; i++) {
            ids.add(pipeline.xadd("metrics:stream", StreamEntryID.NEW_ENTRY, Map.of("data", snapshots.json(i))));
        }
        pipeline.sync();
        return ids.stream().map(id -> id.get().toString()).toList();
    }

    /** The history the running function would have left: each entry's output, naming the entry. */
    private static void record(Jedis jedis, List<String> ids, List<String> outputs) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < ids.size(); i++) {
            pipeline.xadd(
                    "metrics-output:history",
                    StreamEntryID.NEW_ENTRY,
                    Map.of("data", outputs.get(i), "streamId", ids.get(i)));
        }
        pipeline.sync();
    }
}
