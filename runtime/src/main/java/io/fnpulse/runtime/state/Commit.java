package io.fnpulse.runtime.state;

import io.fnpulse.service.redis.LuaScript;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes a call's output, the state it leaves and the status in one atomic step, and only while this instance holds
 * the lease: a replica that lost its lease (a long GC pause, a network cut) can never overwrite the work of the one
 * that took over. The step that ends a call also clears the in-flight marker (see {@link InFlight}), so a marker
 * that survives a restart means the process died inside the call.
 */
public final class Commit {

    private static final LuaScript SCRIPT = new LuaScript("""
            if ARGV[1] ~= '' then
              if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' or redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
              end
            end
            for i = 2, 4 do
              if ARGV[i] ~= '' then
                redis.call('SET', KEYS[i], ARGV[i])
              end
            end
            if ARGV[5] == '1' and KEYS[5] ~= '' then
              redis.call('DEL', KEYS[5])
            end
            return 1""");

    private final UnifiedJedis redis;
    private final Lease lease;
    private final List<String> keys;

    public Commit(UnifiedJedis redis, Lease lease, Optional<String> outputKey, Optional<String> stateKey,
                  Optional<String> statusKey, Optional<String> inflightKey) {
        this.redis = redis;
        this.lease = lease;
        this.keys = List.of(lease.key().orElse(""), outputKey.orElse(""), stateKey.orElse(""), statusKey.orElse(""),
                inflightKey.orElse(""));
    }

    /**
     * Writes whichever of the three values are present and have a key configured; with {@code callEnded} also
     * clears the in-flight marker.
     *
     * @return false when the lease belongs to another instance, in which case nothing was written
     */
    public boolean write(Optional<String> output, Optional<String> state, Optional<String> status, boolean callEnded) {
        List<String> args = List.of(
                lease.key().isPresent() ? lease.owner() : "",
                valueFor(1, output),
                valueFor(2, state),
                valueFor(3, status),
                callEnded ? "1" : "0");
        Object result = SCRIPT.run(redis, keys, args);
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
