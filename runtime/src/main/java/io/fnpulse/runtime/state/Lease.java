package io.fnpulse.runtime.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Who may invoke: {@code SET <output key>:lock <instance> NX PX <lease>}, renewed while held. Two replicas on one
 * output key never both invoke; when the holder dies, its lease runs out and a standby takes it within one more
 * renewal period. Without an output key there is nothing to guard and the lease is always held.
 */
public final class Lease {

    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0""";
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""";

    private final RedisClient redis;
    private final Optional<String> key;
    private final String owner;
    private final Duration duration;
    private volatile long validUntilNanos;

    public Lease(RedisClient redis, Optional<String> key, String owner, Duration duration) {
        this.redis = redis;
        this.key = key;
        this.owner = owner;
        this.duration = duration;
    }

    /**
     * Takes the lease if it is free, renews it if it is ours; false while another instance holds it. Within a third
     * of a lease of the last renewal (the background renewal's period) it answers without asking Redis: no other
     * instance can have taken the lease yet, and this saves a round trip on every input.
     */
    public boolean acquireOrRenew() {
        if (key.isEmpty()) {
            return true;
        }
        if (validUntilNanos != 0 && validUntilNanos - System.nanoTime() > duration.toNanos() * 2 / 3) {
            return true;
        }
        long asked = System.nanoTime();
        boolean ours = renewed() || "OK".equals(redis.set(key.get(), owner, SetParams.setParams().nx().px(duration.toMillis())));
        validUntilNanos = ours ? asked + duration.toNanos() : 0;
        return ours;
    }

    /** Keeps a held lease alive while a long call runs; the loop itself only checks between calls. */
    public void renewIfHeld() {
        if (key.isPresent() && held()) {
            long asked = System.nanoTime();
            validUntilNanos = renewed() ? asked + duration.toNanos() : 0;
        }
    }

    private boolean renewed() {
        Object result = redis.eval(RENEW, List.of(key.get()), List.of(owner, Long.toString(duration.toMillis())));
        return result instanceof Long count && count == 1L;
    }

    /**
     * Whether this instance may still believe it holds the lease: the last renewal is younger than the lease.
     * Writes are fenced in Redis as well (see {@link Commit}), so a stale belief can never overwrite a successor.
     */
    public boolean held() {
        return key.isEmpty() || System.nanoTime() - validUntilNanos < 0;
    }

    /** A fenced write was refused: another instance holds the lease, whatever our last renewal says. */
    public void lost() {
        validUntilNanos = 0;
    }

    public void release() {
        if (key.isPresent() && validUntilNanos != 0) {
            redis.eval(RELEASE, List.of(key.get()), List.of(owner));
            validUntilNanos = 0;
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

    /** The current holder, for the log line of a standby. */
    public Optional<String> holder() {
        return key.map(redis::get);
    }
}
