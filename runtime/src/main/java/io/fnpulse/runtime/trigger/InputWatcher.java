package io.fnpulse.runtime.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Reads the input key and hands on a value only when its content differs from the last one handled. Content, not
 * a version counter, decides: the same snapshot written twice is handled once, as the original runtime did.
 */
public final class InputWatcher {

    private final RedisClient redis;
    private final String key;
    private String lastHandledRaw;
    private String lastHandledDigest = "";

    public InputWatcher(RedisClient redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    public Optional<Input> next() {
        String raw = redis.get(key);
        if (raw == null || raw.equals(lastHandledRaw)) {
            return Optional.empty();
        }
        String digest = digestOf(raw);
        if (digest.equals(lastHandledDigest)) {
            lastHandledRaw = raw;
            return Optional.empty();
        }
        return Optional.of(new Input(raw, digest));
    }

    public void handled(Input input) {
        lastHandledRaw = input.raw();
        lastHandledDigest = input.digest();
    }

    /** After a restart or a takeover: the digest saved with the state marks that input as already handled. */
    public void assumeHandled(String digest) {
        lastHandledRaw = null;
        lastHandledDigest = digest;
    }

    public static String digestOf(String raw) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
