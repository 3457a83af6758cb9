package io.fnpulse.dashboard.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server-side history, and the only mutable copy of it: a ring buffer of the newest samples, bounded both in
 * count (one sample per poll over the history window) and in age. Every browser reads from this one buffer; none
 * gets a copy of its own to keep.
 *
 * <p>It also owns the rule for "data is missing": more time between two samples than {@link #staleAfter()}, which is
 * three poll intervals or three times the usual spacing of recent samples, whichever is longer, so a function that
 * writes every 5 s while we poll every 2.5 s is not called stale between two writes.
 */
public final class History {

    private static final int POLLS_BEFORE_STALE = 3;
    private static final int SPACINGS_BEFORE_STALE = 3;
    private static final int SPACINGS_CONSIDERED = 20;

    private final Sample[] ring;
    private final long keepMillis;
    private final Duration pollInterval;
    private int start;
    private int size;

    public History(int capacity, Duration keep, Duration pollInterval) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.ring = new Sample[capacity];
        this.keepMillis = keep.toMillis();
        this.pollInterval = pollInterval;
    }

    /** A read-only copy of some samples, for selecting from a snapshot outside the feed's lock. */
    public History(List<Sample> samples) {
        this.ring = samples.toArray(new Sample[0]);
        if (ring.length == 0) {
            throw new IllegalArgumentException("a snapshot needs at least one sample");
        }
        this.keepMillis = Long.MAX_VALUE;
        this.pollInterval = Duration.ofSeconds(1);
        this.size = ring.length;
    }

    /** Records a new value seen at {@code at}; drops what is older than the window or beyond the capacity. */
    public synchronized Sample append(Instant at, Map<String, Double> values) {
        return append(at, values, false);
    }

    /**
     * Records an entry of the output history stream, at its commit time. Its gap depends on the spacing of the
     * entries alone, not on this dashboard's poll interval, so that every dashboard draws the same samples.
     */
    public synchronized Sample appendEntry(Instant at, Map<String, Double> values) {
        return append(at, values, true);
    }

    private Sample append(Instant at, Map<String, Double> values, boolean entry) {
        Optional<Sample> previous = latest();
        long t = at.toEpochMilli();
        if (previous.isPresent() && t <= previous.get().t()) {
            t = previous.get().t() + 1;
        }
        Duration gapAfter = entry ? bySpacing().orElse(null) : staleAfter();
        boolean gap =
                previous.isPresent() && gapAfter != null && t - previous.get().t() > gapAfter.toMillis();
        Sample sample = new Sample(t, values, gap);
        while (size > 0 && get(0).t() < t - keepMillis) {
            dropOldest();
        }
        if (size == ring.length) {
            dropOldest();
        }
        ring[(start + size) % ring.length] = sample;
        size++;
        return sample;
    }

    /** The samples newer than {@code t} (epoch milliseconds), oldest first: what a reconnecting page missed. */
    public synchronized List<Sample> since(long t) {
        int from = firstAfter(t);
        List<Sample> out = new ArrayList<>(size - from);
        for (int i = from; i < size; i++) {
            out.add(get(i));
        }
        return out;
    }

    /** The samples from {@code from} to {@code to} (epoch milliseconds, both included), oldest first. */
    public synchronized List<Sample> between(long from, long to) {
        int first = firstAfter(from - 1);
        int end = firstAfter(to);
        List<Sample> out = new ArrayList<>(Math.max(0, end - first));
        for (int i = first; i < end; i++) {
            out.add(get(i));
        }
        return out;
    }

    /** Forgets every sample: the history stream was found, and its entries replace what polling saw. */
    public synchronized void clear() {
        while (size > 0) {
            dropOldest();
        }
        start = 0;
    }

    public synchronized List<Sample> all() {
        return since(Long.MIN_VALUE);
    }

    public synchronized Optional<Sample> latest() {
        return size == 0 ? Optional.empty() : Optional.of(get(size - 1));
    }

    public synchronized int size() {
        return size;
    }

    public int capacity() {
        return ring.length;
    }

    /** How long without a new sample counts as stale, and how far apart two samples must be to draw a gap. */
    public synchronized Duration staleAfter() {
        Duration byPolls = pollInterval.multipliedBy(POLLS_BEFORE_STALE);
        Optional<Duration> bySpacing = bySpacing();
        return bySpacing.isPresent() && bySpacing.get().compareTo(byPolls) > 0 ? bySpacing.get() : byPolls;
    }

    /** Three times the median spacing of the recent samples, once there are two. */
    private Optional<Duration> bySpacing() {
        int spacings = Math.min(size - 1, SPACINGS_CONSIDERED);
        if (spacings < 1) {
            return Optional.empty();
        }
        long[] gaps = new long[spacings];
        for (int i = 0; i < spacings; i++) {
            gaps[i] = get(size - 1 - i).t() - get(size - 2 - i).t();
        }
        Arrays.sort(gaps);
        return Optional.of(Duration.ofMillis(gaps[spacings / 2] * SPACINGS_BEFORE_STALE));
    }

    private int firstAfter(long t) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (get(mid).t() <= t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private Sample get(int index) {
        return ring[(start + index) % ring.length];
    }

    private void dropOldest() {
        ring[start] = null;
        start = (start + 1) % ring.length;
        size--;
    }
}
