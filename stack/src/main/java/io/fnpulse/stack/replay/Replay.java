package io.fnpulse.stack.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.service.lifecycle.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XAddParams;

/**
 * Feeds a recorded stream of host-metrics snapshots to the metrics key and its stream (field {@code data}, capped as
 * the monitor caps it) instead of the live monitor, one line per interval, over and over. Each snapshot's timestamp is set to now, so the one-minute windows of the metrics
 * function follow the replay as they would follow a live host.
 */
public final class Replay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final DateTimeFormatter PYTHON_STR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static final long STREAM_LENGTH = 10_000;

    private final List<String> snapshots;
    private final RedisClient redis;
    private final String key;
    private final String stream;
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("replay"));
    private int next;

    private Replay(List<String> snapshots, RedisClient redis, String key, String stream) {
        this.snapshots = snapshots;
        this.redis = redis;
        this.key = key;
        this.stream = stream;
    }

    /** @throws UncheckedIOException when the file cannot be read; IllegalArgumentException when it holds no snapshot */
    public static Replay start(Path file, RedisClient redis, String key, String stream, Duration interval) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the replay file " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the replay file " + file + " holds no snapshot");
        }
        Replay replay = new Replay(lines, redis, key, stream);
        replay.scheduler.scheduleAtFixedRate(replay::publishNext, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return replay;
    }

    public int size() {
        return snapshots.size();
    }

    private void publishNext() {
        int line = next;
        next = (next + 1) % snapshots.size();
        try {
            ObjectNode snapshot = (ObjectNode) json.readTree(snapshots.get(line));
            snapshot.put("timestamp", LocalDateTime.now().format(PYTHON_STR));
            String value = json.writeValueAsString(snapshot);
            redis.set(key, value);
            redis.xadd(
                    stream, XAddParams.xAddParams().maxLen(STREAM_LENGTH).approximateTrimming(), Map.of("data", value));
        } catch (IOException | ClassCastException e) {
            log.warn("skipping line {} of the replay: not a JSON object ({})", line + 1, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("could not publish line {} of the replay: {}", line + 1, e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
