package io.fnpulse.dashboard.poll;

import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.KeyRead;
import java.util.List;
import java.util.Optional;

/**
 * Reads the output key and, when configured, the runtime's status key, each checked for its type and length on the
 * server before it is read ({@link BoundedReader}), so a 50 MB value or a list costs a few bytes, never the heap.
 * One round trip for both, except on a Cluster, where a status key of its own choosing may live in another slot.
 */
public final class RedisReader {

    public record Raw(KeyRead output, Optional<KeyRead> status) {}

    private final BoundedReader reader;
    private final String outputKey;
    private final Optional<String> statusKey;
    private final long maxBytes;
    private final boolean together;

    public RedisReader(
            BoundedReader reader, String outputKey, Optional<String> statusKey, long maxBytes, boolean cluster) {
        this.reader = reader;
        this.outputKey = outputKey;
        this.statusKey = statusKey;
        this.maxBytes = maxBytes;
        this.together = !cluster;
    }

    /** Throws a {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be reached or refuses. */
    public Raw read() {
        if (statusKey.isEmpty()) {
            return new Raw(reader.read(outputKey, maxBytes), Optional.empty());
        }
        if (together) {
            List<KeyRead> reads = reader.read(List.of(outputKey, statusKey.get()), maxBytes);
            return new Raw(reads.get(0), Optional.of(reads.get(1)));
        }
        return new Raw(reader.read(outputKey, maxBytes), Optional.of(reader.read(statusKey.get(), maxBytes)));
    }
}
