package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.fleet.KeyScan;
import io.fnpulse.runtime.fleet.Members;
import io.fnpulse.runtime.fleet.Owners;
import io.fnpulse.service.function.KeyPattern;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances this replica serves: the one configured, or, for an input pattern, every matching key that
 * rendezvous hashing over the live replicas gives to this one. A key that appears is picked up at once when a
 * keyspace notification names it, and within {@link #SCAN_EVERY} by a SCAN otherwise; one that disappears, or that
 * another replica owns now, is retired: the function loop gives its lease back once it is not calling it.
 */
public final class Fleet {

    static final Duration SCAN_EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final Optional<KeyPattern> pattern;
    private final Function<String, Instance> factory;
    private final Optional<KeyScan> scan;
    private final Optional<Members> members;
    private final Duration scanEvery;
    private final Map<String, Instance> served = new ConcurrentHashMap<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile List<String> live = List.of();
    private long nextScanNanos;

    private Fleet(
            Optional<KeyPattern> pattern,
            Function<String, Instance> factory,
            Optional<KeyScan> scan,
            Optional<Members> members,
            Duration scanEvery) {
        this.scanEvery = scanEvery;
        this.pattern = pattern;
        this.factory = factory;
        this.scan = scan;
        this.members = members;
    }

    /** The one instance of a runtime whose REDIS_INPUT_KEY is a key. */
    public static Fleet single(Instance instance) {
        Fleet fleet = new Fleet(Optional.empty(), key -> instance, Optional.empty(), Optional.empty(), SCAN_EVERY);
        fleet.served.put(instance.keys().input(), instance);
        return fleet;
    }

    /** Every key of the pattern that this replica owns among the live members. */
    public static Fleet pattern(KeyPattern pattern, Function<String, Instance> factory, KeyScan scan, Members members) {
        return pattern(pattern, factory, scan, members, SCAN_EVERY);
    }

    static Fleet pattern(
            KeyPattern pattern, Function<String, Instance> factory, KeyScan scan, Members members, Duration scanEvery) {
        return new Fleet(Optional.of(pattern), factory, Optional.of(scan), Optional.of(members), scanEvery);
    }

    public boolean isPattern() {
        return pattern.isPresent();
    }

    /**
     * Renews this replica's membership, rescans when due, and brings the served instances in line with what it owns.
     * Runs on the leadership loop's clock.
     */
    void refresh() {
        if (pattern.isEmpty()) {
            return;
        }
        live = members.orElseThrow().beat();
        long now = System.nanoTime();
        if (now - nextScanNanos >= 0) {
            Set<String> found = scan.orElseThrow().keys();
            known.retainAll(found);
            known.addAll(found);
            nextScanNanos = now + scanEvery.toNanos();
        }
        String me = members.get().me();
        for (String key : known) {
            if (Owners.of(key, live).filter(me::equals).isPresent() && !served.containsKey(key)) {
                served.computeIfAbsent(key, factory);
                dirty.add(key);
            }
        }
        for (Instance instance : served.values()) {
            String key = instance.keys().input();
            if (!known.contains(key) || Owners.of(key, live).filter(me::equals).isEmpty()) {
                instance.retire();
            }
        }
    }

    /** A keyspace notification named this key: a new one of the pattern is known at once, and it is read first. */
    public void written(String key) {
        if (pattern.isPresent() && pattern.get().suffixOf(key).isPresent() && known.add(key)) {
            log.debug("{} appeared", key);
            String me = members.orElseThrow().me();
            if (Owners.of(key, live).filter(me::equals).isPresent()) {
                served.computeIfAbsent(key, factory);
            }
        }
        dirty.add(key);
    }

    /** The instances served now, for releasing their leases at the end. */
    public List<Instance> served() {
        return instances();
    }

    /** The instances served now, in a stable order. */
    List<Instance> instances() {
        return served.values().stream()
                .sorted(Comparator.comparing(Instance::toString))
                .toList();
    }

    /** The instances a notification named since the last call, and forgets them. */
    List<Instance> takeDirty() {
        if (dirty.isEmpty()) {
            return List.of();
        }
        List<Instance> named = dirty.stream()
                .map(served::get)
                .filter(java.util.Objects::nonNull)
                .toList();
        dirty.clear();
        return named;
    }

    /** Marks an instance to be read first in the function loop's next turn (it has just been taken over). */
    void markDirty(Instance instance) {
        dirty.add(instance.keys().input());
    }

    void remove(Instance instance) {
        served.remove(instance.keys().input(), instance);
    }

    /** How many keys of the pattern are known, for the log line that counts leases. */
    int knownKeys() {
        return pattern.isEmpty() ? served.size() : known.size();
    }

    public void leave() {
        members.ifPresent(Members::leave);
    }
}
