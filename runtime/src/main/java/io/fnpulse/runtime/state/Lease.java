package io.fnpulse.runtime.state;

import io.fnpulse.service.redis.LuaScript;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Who may invoke: {@code <output key>:lock} holds the instance that does, with an expiry, renewed while held. Two
 * replicas on one output key never both invoke; when the holder dies its lease runs out and a standby takes it.
 * Without an output key there is nothing to guard and the lease is always held.
 */
public final class Lease {

    /** What one attempt found: ours now, another's (named), or a key that is not a lock at all. */
    public sealed interface Attempt {
        record Held() implements Attempt {}

        record HeldBy(String holder) implements Attempt {}

        /** The lock key holds a list, a hash, ...: nobody can hold the lease until someone deletes it. */
        record NotALock(String key, String type) implements Attempt {
            public String problem() {
                return "the lease key " + key + " holds a" + (type.matches("^[aeiou].*") ? "n " : " ") + type
                        + ", not a lease; no replica can take the lease until it is deleted (DEL " + key + ")";
            }
        }
    }

    private static final LuaScript ACQUIRE_OR_RENEW = new LuaScript("""
            local kind = redis.call('TYPE', KEYS[1])['ok']
            if kind ~= 'none' and kind ~= 'string' then
              return {'type', kind}
            end
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {'held'}
            end
            if not holder then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return {'held'}
            end
            return {'other', string.sub(holder, 1, 200)}""");
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('TYPE', KEYS[1])['ok'] == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""");

    private final UnifiedJedis redis;
    private final Optional<String> key;
    private final String owner;
    private final Duration duration;
    private volatile long validUntilNanos;

    public Lease(UnifiedJedis redis, Optional<String> key, String owner, Duration duration) {
        this.redis = redis;
        this.key = key;
        this.owner = owner;
        this.duration = duration;
    }

    /** Takes the lease if it is free, renews it if it is ours. */
    public Attempt acquireOrRenew() {
        if (key.isEmpty()) {
            return new Attempt.Held();
        }
        long asked = System.nanoTime();
        List<?> reply = (List<?>)
                ACQUIRE_OR_RENEW.run(redis, List.of(key.get()), List.of(owner, Long.toString(duration.toMillis())));
        Attempt attempt = switch (String.valueOf(reply.get(0))) {
            case "held" -> new Attempt.Held();
            case "other" -> new Attempt.HeldBy(String.valueOf(reply.get(1)));
            default -> new Attempt.NotALock(key.get(), String.valueOf(reply.get(1)));
        };
        validUntilNanos = attempt instanceof Attempt.Held ? asked + duration.toNanos() : 0;
        return attempt;
    }

    /**
     * Whether this instance may still believe it holds the lease: its last renewal is younger than the lease.
     * Writes are fenced in Redis as well (see {@link Commit}), so a stale belief can never overwrite a successor.
     */
    public boolean held() {
        return key.isEmpty() || validUntilNanos != 0 && System.nanoTime() - validUntilNanos < 0;
    }

    /** A fenced write was refused: another instance holds the lease, whatever our last renewal says. */
    public void lost() {
        validUntilNanos = 0;
    }

    public void release() {
        if (key.isPresent() && validUntilNanos != 0) {
            validUntilNanos = 0;
            RELEASE.run(redis, List.of(key.get()), List.of(owner));
        }
    }

    public Optional<String> key() {
        return key;
    }

    public String owner() {
        return owner;
    }

    public Duration duration() {
        return duration;
    }
}
