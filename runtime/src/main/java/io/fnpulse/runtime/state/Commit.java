package io.fnpulse.runtime.state;

import io.fnpulse.service.redis.LuaScript;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes everything one call leaves behind in one atomic step, and only while this instance holds the lease: the
 * output, the state, the status, the call's entry in the calls log, the output's entry in the output history, and,
 * for a stream entry, its acknowledgement (and its dead letter, when it failed for good). A replica that lost its
 * lease (a long GC pause, a network cut) can never overwrite the work of the one that took over, and a crash at any
 * moment either applies all of it or none. The step that ends a call also clears the in-flight marker (see
 * {@link InFlight}), so a marker that survives a restart means the process died inside the call.
 */
public final class Commit {

    /** The keys a commit may touch, each absent where that feature is off. */
    public record Keys(
            Optional<String> lease,
            Optional<String> output,
            Optional<String> state,
            Optional<String> status,
            Optional<String> inflight,
            Optional<String> calls,
            Optional<String> history,
            Optional<String> stream,
            Optional<String> dead) {}

    /**
     * What one commit writes; every part is optional.
     *
     * @param callEnded clear the in-flight marker
     * @param ack       the stream entry to acknowledge
     * @param call      the calls log entry ({@code data} JSON)
     * @param dead      the dead letter ({@code data} JSON) of an entry that failed for good
     * @param nextCall  the in-flight marker of the call about to follow at once (the next entry of a batch), set
     *                  instead of clearing the marker, which saves the next call a round trip
     */
    public record Writes(
            Optional<String> output,
            Optional<String> state,
            Optional<String> status,
            boolean callEnded,
            Optional<String> ack,
            Optional<String> call,
            Optional<String> dead,
            Optional<String> nextCall) {

        public Writes(
                Optional<String> output,
                Optional<String> state,
                Optional<String> status,
                boolean callEnded,
                Optional<String> ack,
                Optional<String> call,
                Optional<String> dead) {
            this(output, state, status, callEnded, ack, call, dead, Optional.empty());
        }

        public static Writes status(String status) {
            return new Writes(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(status),
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        public Writes withNextCall(String marker) {
            return new Writes(output, state, status, callEnded, ack, call, dead, Optional.of(marker));
        }
    }

    private static final LuaScript SCRIPT = new LuaScript("""
            -- KEYS: lease output state status inflight calls history stream dead (an absent one is repeated from
            -- another, so that on a Cluster all share one slot); ARGV[13] says which are present, as 1s and 0s
            -- ARGV: owner output state status callEnded ack group call callsLength dead oldestHistoryMs nextCall present
            local present = ARGV[13]
            local function has(i) return string.sub(present, i, i) == '1' end
            if ARGV[1] ~= '' then
              if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' or redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
              end
            end
            for i = 2, 4 do
              if ARGV[i] ~= '' and has(i) then
                redis.call('SET', KEYS[i], ARGV[i])
              end
            end
            if ARGV[12] ~= '' and has(5) then
              redis.call('SET', KEYS[5], ARGV[12])
            elseif ARGV[5] == '1' and has(5) then
              redis.call('DEL', KEYS[5])
            end
            if ARGV[8] ~= '' and has(6) then
              redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[9], '*', 'data', ARGV[8])
            end
            if ARGV[2] ~= '' and has(7) then
              redis.call('XADD', KEYS[7], 'MINID', '~', ARGV[11], '*', 'data', ARGV[2])
            end
            if ARGV[10] ~= '' and has(9) then
              redis.call('XADD', KEYS[9], '*', 'data', ARGV[10])
            end
            if ARGV[6] ~= '' and has(8) then
              redis.call('XACK', KEYS[8], ARGV[7], ARGV[6])
            end
            return 1""");

    private final UnifiedJedis redis;
    private final Lease lease;
    private final Keys keys;
    private final List<String> keyNames;
    private final String present;
    private final String group;
    private final long callsLength;
    private final long historyMillis;

    /**
     * @param group         the consumer group that acknowledges stream entries
     * @param callsLength   the calls log's approximate length ({@code MAXLEN ~})
     * @param historyMillis the output history's age ({@code MINID ~} from this machine's clock; entry IDs are the
     *                      server's)
     */
    public Commit(UnifiedJedis redis, Lease lease, Keys keys, String group, long callsLength, long historyMillis) {
        this.redis = redis;
        this.lease = lease;
        this.keys = keys;
        List<Optional<String>> all = List.of(
                keys.lease(),
                keys.output(),
                keys.state(),
                keys.status(),
                keys.inflight(),
                keys.calls(),
                keys.history(),
                keys.stream(),
                keys.dead());
        String anchor = all.stream().flatMap(Optional::stream).findFirst().orElse("");
        this.keyNames = all.stream().map(key -> key.orElse(anchor)).toList();
        this.present = String.join(
                "", all.stream().map(key -> key.isPresent() ? "1" : "0").toList());
        this.group = group;
        this.callsLength = callsLength;
        this.historyMillis = historyMillis;
    }

    /**
     * Writes whichever parts are present and have a key configured.
     *
     * @return false when the lease belongs to another instance, in which case nothing was written
     */
    public boolean write(Writes writes) {
        List<String> args = List.of(
                keys.lease().isPresent() ? lease.owner() : "",
                writes.output().orElse(""),
                writes.state().orElse(""),
                writes.status().orElse(""),
                writes.callEnded() ? "1" : "0",
                writes.ack().orElse(""),
                group,
                writes.call().orElse(""),
                Long.toString(callsLength),
                writes.dead().orElse(""),
                Long.toString(System.currentTimeMillis() - historyMillis),
                writes.nextCall().orElse(""),
                present);
        Object result = SCRIPT.run(redis, keyNames, args);
        boolean written = result instanceof Long count && count == 1L;
        if (!written) {
            lease.lost();
        }
        return written;
    }
}
