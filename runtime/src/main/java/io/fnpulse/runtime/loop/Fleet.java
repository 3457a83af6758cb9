package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.fleet.KeyScan;
import io.fnpulse.runtime.fleet.Members;
import io.fnpulse.runtime.fleet.Owners;
import io.fnpulse.service.function.KeyPattern;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instances this replica serves: the one configured, or, for a pattern, every matching key (under TRIGGER=stream,
 * every matching stream) that rendezvous hashing over the live replicas gives to this one. A key that appears is picked
 * up at once when a keyspace notification names it, and within {@link #SCAN_EVERY} by a SCAN otherwise; one that
 * disappears, or that another replica owns now, is retired: the function loop gives its lease back once it is not
 * calling it, and the fleet forgets it. The fleet makes every instance and is the only one that keeps them, so an
 * instance handed to another replica leaves nothing behind here.
 */
public final class Fleet {

    static final Duration SCAN_EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    private final Optional<KeyPattern> pattern;
    private final Function<String, Instance> factory;
    private final Optional<KeyScan> scan;
    private final Optional<Members> members;
    private final Duration scanEvery;
    /** The served instances by the key they are found by (see {@link Instance#source()}). */
    private final Map<String, Instance> served = new ConcurrentHashMap<>();

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private volatile List<String> live = List.of();
    private volatile Instant codeModifiedAt;
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
        fleet.served.put(instance.source(), instance);
        return fleet;
    }

    /**
     * Every key of the pattern that this replica owns among the live members.
     *
     * @param factory makes the instance a key of the pattern stands for
     */
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
        for (String key : known) {
            if (owned(key) && !served.containsKey(key)) {
                serve(key);
                dirty.add(key);
            }
        }
        for (Instance instance : served.values()) {
            if (!known.contains(instance.source()) || !owned(instance.source())) {
                instance.retire();
            }
        }
    }

    /** A keyspace notification named this key: a new one of the pattern is known at once, and it is read first. */
    public void written(String key) {
        if (pattern.isPresent() && pattern.get().suffixOf(key).isPresent() && known.add(key)) {
            log.debug("{} appeared", key);
            if (owned(key)) {
                serve(key);
            }
        }
        dirty.add(key);
    }

    private boolean owned(String key) {
        String me = members.orElseThrow().me();
        return Owners.of(key, live).filter(me::equals).isPresent();
    }

    private void serve(String key) {
        served.computeIfAbsent(key, created -> {
            Instance instance = factory.apply(created);
            Optional.ofNullable(codeModifiedAt).ifPresent(instance::codeModifiedAt);
            return instance;
        });
    }

    /** The instances served now, in a stable order. */
    public List<Instance> instances() {
        // A lambda of this class rather than Comparator.comparing: the AOT cache holds the lambda classes of the
        // application's classes as trained, not that of Comparator's static method, which would be spun at run time.
        return served.values().stream()
                .sorted((one, other) -> one.source().compareTo(other.source()))
                .toList();
    }

    /**
     * The instances named since the last call (by a notification, or marked), each taken out of the marks as it is
     * returned: a key marked while this runs is returned now or stays marked for the next call, never lost.
     */
    List<Instance> takeDirty() {
        List<Instance> named = new ArrayList<>();
        for (Iterator<String> keys = dirty.iterator(); keys.hasNext(); ) {
            String key = keys.next();
            keys.remove();
            Instance instance = served.get(key);
            if (instance != null) {
                named.add(instance);
            }
        }
        return named;
    }

    /** Marks an instance to be read first in the function loop's next turn (it has just been taken over). */
    void markDirty(Instance instance) {
        dirty.add(instance.source());
    }

    /** The function's code changed: every instance's context, and those made later, tell their calls. */
    public void codeModified(Instant when) {
        codeModifiedAt = when;
        served.values().forEach(instance -> instance.codeModifiedAt(when));
    }

    /**
     * A retiring instance, called by the function loop between its calls: gives its lease back, so that the replica
     * that owns it now can take it at once, and forgets it.
     */
    void retire(Instance instance) {
        instance.release();
        served.remove(instance.source(), instance);
    }

    /** How many keys of the pattern are known, for the log line that counts leases. */
    int knownKeys() {
        return pattern.isEmpty() ? served.size() : known.size();
    }

    /** The end: every lease given back and this replica out of the members, so others take over at once. */
    public void leave() {
        served.values().forEach(Instance::release);
        members.ifPresent(Members::leave);
    }
}
