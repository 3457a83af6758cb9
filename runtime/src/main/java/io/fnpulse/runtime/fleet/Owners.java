package io.fnpulse.runtime.fleet;

import io.fnpulse.service.text.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

/**
 * Which replica serves which key: rendezvous (highest random weight) hashing over the live members. Every replica
 * computes the same answer from the same member list, and a member joining or leaving moves only its own share of
 * the keys. Per-key leases keep it exact while members disagree for a moment: a replica serves a key only while it
 * holds that key's lease.
 */
public final class Owners {

    private Owners() {}

    /** The member that owns {@code key}; empty when there are no members. */
    public static Optional<String> of(String key, Collection<String> members) {
        String best = null;
        long bestWeight = Long.MIN_VALUE;
        for (String member : members) {
            long weight = weight(member, key);
            if (best == null || weight > bestWeight || weight == bestWeight && member.compareTo(best) < 0) {
                best = member;
                bestWeight = weight;
            }
        }
        return Optional.ofNullable(best);
    }

    private static long weight(String member, String key) {
        byte[] hash = Digest.sha256().digest((member + "\n" + key).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(hash).getLong();
    }
}
