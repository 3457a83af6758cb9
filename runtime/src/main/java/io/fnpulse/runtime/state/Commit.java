package io.fnpulse.runtime.state;

import java.util.List;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Writes a call's output, the state it leaves and the status in one atomic step, and only while this instance
 * holds the lease: a replica that lost its lease (a long GC pause, a network cut) can never overwrite the work
 * of the one that took over.
 */
public final class Commit {

    private static final String SCRIPT = """
            if ARGV[1] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return 0
            end
            for i = 2, 4 do
              if ARGV[i] ~= '' then
                redis.call('SET', KEYS[i], ARGV[i])
              end
            end
            return 1""";

    private final RedisClient redis;
    private final Lease lease;
    private final List<String> keys;

    public Commit(RedisClient redis, Lease lease, Optional<String> outputKey, Optional<String> stateKey,
                  Optional<String> statusKey) {
        this.redis = redis;
        this.lease = lease;
        this.keys = List.of(lease.key().orElse(""), outputKey.orElse(""), stateKey.orElse(""), statusKey.orElse(""));
    }

    /**
     * Writes whichever of the three values are present and have a key configured.
     *
     * @return false when the lease belongs to another instance, in which case nothing was written
     */
    public boolean write(Optional<String> output, Optional<String> state, Optional<String> status) {
        List<String> args = List.of(
                lease.key().isPresent() ? lease.owner() : "",
                valueFor(1, output),
                valueFor(2, state),
                valueFor(3, status));
        Object result = redis.eval(SCRIPT, keys, args);
        boolean written = result instanceof Long count && count == 1L;
        if (!written) {
            lease.lost();
        }
        return written;
    }

    private String valueFor(int index, Optional<String> value) {
        return keys.get(index).isEmpty() ? "" : value.orElse("");
    }
}
