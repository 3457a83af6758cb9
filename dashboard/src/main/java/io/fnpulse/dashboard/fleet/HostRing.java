package io.fnpulse.dashboard.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One host's newest samples, bounded in count and age. Compact on purpose, since a thousand hosts each keep hundreds:
 * a sample is its time and an array of numbers, and the field names are shared while they do not change.
 */
final class HostRing {

    /** One new output of the host: when the dashboard first saw it (epoch ms, strictly increasing) and its numbers. */
    record Point(long t, String[] names, double[] values) {}

    private final Point[] ring;
    private final long keepMillis;
    private int start;
    private int size;

    HostRing(int capacity, long keepMillis) {
        this.ring = new Point[capacity];
        this.keepMillis = keepMillis;
    }

    synchronized Point append(long at, String[] names, double[] values) {
        Point previous = size == 0 ? null : get(size - 1);
        long t = previous != null && at <= previous.t() ? previous.t() + 1 : at;
        String[] shared =
                previous != null && java.util.Arrays.equals(previous.names(), names) ? previous.names() : names;
        Point point = new Point(t, shared, values);
        while (size > 0 && get(0).t() < t - keepMillis) {
            drop();
        }
        if (size == ring.length) {
            drop();
        }
        ring[(start + size) % ring.length] = point;
        size++;
        return point;
    }

    synchronized void clear() {
        java.util.Arrays.fill(ring, null);
        start = 0;
        size = 0;
    }

    /** The points newer than {@code t}, oldest first. */
    synchronized List<Point> since(long t) {
        List<Point> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Point point = get(i);
            if (point.t() > t) {
                out.add(point);
            }
        }
        return out;
    }

    synchronized Optional<Point> latest() {
        return size == 0 ? Optional.empty() : Optional.of(get(size - 1));
    }

    private Point get(int index) {
        return ring[(start + index) % ring.length];
    }

    private void drop() {
        ring[start] = null;
        start = (start + 1) % ring.length;
        size--;
    }
}
