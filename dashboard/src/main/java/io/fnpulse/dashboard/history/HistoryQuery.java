package io.fnpulse.dashboard.history;

import java.util.OptionalLong;

/**
 * Which samples a page asks for: everything; what came after {@code since} (a reconnect); or the range
 * {@code from}–{@code to} (epoch ms; a zoom, a long window), thinned to {@code width} pixels when it is given
 * (see {@link Downsample}). On {@code /ws}, {@code window=<minutes>} stands for {@code from = now - window}.
 */
public record HistoryQuery(OptionalLong since, OptionalLong from, OptionalLong to, int width) {

    public static final int MAX_WIDTH = 10_000;
    public static final HistoryQuery ALL =
            new HistoryQuery(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), 0);

    public HistoryQuery {
        if (width < 0 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("width must be from 1 to " + MAX_WIDTH + " pixels, got " + width);
        }
    }

    public static HistoryQuery since(long t) {
        return new HistoryQuery(OptionalLong.of(t), OptionalLong.empty(), OptionalLong.empty(), 0);
    }

    /** Everything, unthinned: the frame every joining page without parameters gets, serialised once. */
    public boolean all() {
        return equals(ALL);
    }

    public java.util.List<Sample> select(History history, long now) {
        if (since.isPresent()) {
            return history.since(since.getAsLong());
        }
        if (from.isEmpty() && to.isEmpty()) {
            java.util.List<Sample> samples = history.all();
            return width == 0 || samples.isEmpty()
                    ? samples
                    : Downsample.toWidth(
                            samples,
                            samples.get(0).t(),
                            Math.max(now, samples.get(samples.size() - 1).t()),
                            width);
        }
        long start = from.orElse(Long.MIN_VALUE + 1);
        long end = to.orElse(Long.MAX_VALUE);
        java.util.List<Sample> samples = history.between(start, end);
        if (width == 0 || samples.isEmpty()) {
            return samples;
        }
        long left = from.orElse(samples.get(0).t());
        long right = to.orElse(Math.max(now, samples.get(samples.size() - 1).t()));
        return Downsample.toWidth(samples, left, right, width);
    }
}
