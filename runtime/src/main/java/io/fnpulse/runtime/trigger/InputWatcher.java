package io.fnpulse.runtime.trigger;

import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.KeyRead;
import io.fnpulse.service.text.Digest;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads the input key, never more than MAX_INPUT_BYTES of it, and hands on a value only when its content differs
 * from the last one handled. Content, not a version counter, decides: the same snapshot written twice is handled
 * once, as the original runtime did. A key too large to read or of another type is handed on once as
 * {@link Input.Unreadable}, and again only when what it holds changes.
 */
public final class InputWatcher implements InputSource {

    public static final String MAX_INPUT_BYTES = "MAX_INPUT_BYTES";

    private final BoundedReader reader;
    private final String key;
    private final long maxBytes;
    private String lastHandledRaw;
    private String lastHandledDigest = "";

    public InputWatcher(UnifiedJedis redis, String key, long maxBytes) {
        this.reader = new BoundedReader(redis);
        this.key = key;
        this.maxBytes = maxBytes;
    }

    @Override
    public List<Input> next() {
        return latest().map(List::of).orElse(List.of());
    }

    private Optional<Input> latest() {
        KeyRead read = reader.read(key, maxBytes);
        if (read instanceof KeyRead.Absent) {
            return Optional.empty();
        }
        if (!(read instanceof KeyRead.Value value)) {
            String fingerprint = "unreadable:" + read;
            return fingerprint.equals(lastHandledDigest)
                    ? Optional.empty()
                    : Optional.of(new Input.Unreadable(
                            read.problem(key, MAX_INPUT_BYTES).orElseThrow(), fingerprint));
        }
        String raw = value.text();
        if (raw.equals(lastHandledRaw)) {
            return Optional.empty();
        }
        String digest = Digest.ofText(raw);
        if (digest.equals(lastHandledDigest)) {
            lastHandledRaw = raw;
            return Optional.empty();
        }
        return Optional.of(new Input.Value(raw, digest));
    }

    @Override
    public void handled(Input input) {
        lastHandledRaw = input instanceof Input.Value value ? value.raw() : null;
        lastHandledDigest = input.digest();
    }

    /** The key is read afresh on every poll, and an input not marked handled comes back by itself. */
    @Override
    public void again() {}

    /** After a restart or a takeover: the digest saved with the state marks that input as already handled. */
    @Override
    public void becameActive(String lastHandledDigest) {
        this.lastHandledRaw = null;
        this.lastHandledDigest = lastHandledDigest;
    }
}
