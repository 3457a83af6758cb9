package io.fnpulse.dashboard.feed;

import io.fnpulse.dashboard.calls.CallsFollower;
import io.fnpulse.dashboard.calls.LoggedCall;
import io.fnpulse.dashboard.calls.Markers;
import io.fnpulse.dashboard.history.History;
import io.fnpulse.dashboard.history.HistoryFollower;
import io.fnpulse.dashboard.history.HistoryQuery;
import io.fnpulse.dashboard.history.Sample;
import io.fnpulse.dashboard.metrics.DashboardMeters;
import io.fnpulse.dashboard.metrics.OutputGauges;
import io.fnpulse.dashboard.poll.Output;
import io.fnpulse.dashboard.poll.PollResult;
import io.fnpulse.dashboard.push.ClientChannel;
import io.fnpulse.dashboard.push.Fanout;
import io.fnpulse.dashboard.push.Frames;
import io.fnpulse.dashboard.push.PageState;
import io.fnpulse.service.http.Readiness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each poll lands: a new value becomes a sample in the history, the gauges' values and one frame sent to every
 * browser; a change of state becomes one state frame. A browser that joins is added to the fan-out, and the history
 * it lacks is taken, under the same lock, so it sees every sample exactly once; but that history is serialised after
 * the lock is let go (and once per history, however many join), so joins never hold up the poll.
 */
public final class Feed implements Consumer<PollResult> {

    private static final Logger log = LoggerFactory.getLogger(Feed.class);
    /** More new stream entries than this in one poll go to the browsers as one history frame, not a frame each. */
    static final int SAMPLE_FRAMES_PER_POLL = 16;

    private final History history;
    private final Fanout fanout;
    private final Frames frames;
    private final OutputGauges gauges;
    private final DashboardMeters meters;
    private final StateTracker tracker;
    private final Clock clock;
    private final Object lock = new Object();
    private HistoryFollower.Read.Kind historyKind = HistoryFollower.Read.Kind.ABSENT;
    /** The newest calls, newest first, for joining pages. */
    private final ArrayDeque<LoggedCall> recentCalls = new ArrayDeque<>();

    private final Markers markers = new Markers();
    static final int RECENT_CALLS = 100;

    public Feed(
            History history,
            Fanout fanout,
            Frames frames,
            OutputGauges gauges,
            DashboardMeters meters,
            String redisAddress,
            String outputKey,
            Clock clock) {
        this.history = history;
        this.fanout = fanout;
        this.frames = frames;
        this.gauges = gauges;
        this.meters = meters;
        this.tracker = new StateTracker(redisAddress, outputKey);
        this.clock = clock;
    }

    @Override
    public void accept(PollResult result) {
        meters.polled(result.took());
        synchronized (lock) {
            Optional<Sample> sample = Optional.empty();
            HistoryFollower.Read stream =
                    result instanceof PollResult.Reached reached ? reached.history() : HistoryFollower.Read.NONE;
            if (result instanceof PollResult.Reached) {
                followed(stream);
            }
            if (stream.following()) {
                sample = record(stream);
            } else if (result instanceof PollResult.Reached reached && reached.outputChanged()) {
                if (reached.output() instanceof Output.Numbers numbers) {
                    Sample recorded = history.append(reached.at(), numbers.values());
                    gauges.record(numbers.values());
                    meters.sampleRecorded();
                    meters.sampleFrameBuilt();
                    fanout.broadcast(frames.sample(recorded));
                    sample = Optional.of(recorded);
                } else if (reached.output() instanceof Output.Unusable unusable) {
                    meters.problem(unusable.problem().kind());
                }
            }
            if (result instanceof PollResult.Reached reached
                    && reached.statusChanged()
                    && reached.statusProblem() != null) {
                meters.statusProblem(reached.statusProblem().kind());
            }
            if (result instanceof PollResult.Unreachable) {
                meters.unreachable();
            }
            if (result instanceof PollResult.Reached reached) {
                calls(reached);
            }
            PageState before = tracker.current();
            PageState after = tracker.update(result, sample, history.staleAfter());
            if (!after.equals(before)) {
                meters.stateFrameBuilt();
                fanout.broadcast(frames.state(after, clock.millis()));
            }
        }
    }

    private void calls(PollResult.Reached reached) {
        CallsFollower.Read calls = reached.calls();
        boolean marked = false;
        if (calls.present()) {
            marked = markers.calls(calls.calls());
            if (!calls.calls().isEmpty()) {
                List<LoggedCall> newestFirst = new ArrayList<>(calls.calls());
                java.util.Collections.reverse(newestFirst);
                calls.calls().forEach(recentCalls::addFirst);
                while (recentCalls.size() > RECENT_CALLS) {
                    recentCalls.removeLast();
                }
                fanout.broadcast(frames.calls(newestFirst.subList(0, Math.min(RECENT_CALLS, newestFirst.size()))));
            }
        } else if (reached.statusChanged() && reached.status().isPresent()) {
            marked = markers.status(reached.status().get(), reached.at().toEpochMilli());
        }
        if (marked) {
            fanout.broadcast(frames.markers(markers.all()));
        }
    }

    private void followed(HistoryFollower.Read stream) {
        if (stream.kind() == historyKind) {
            return;
        }
        switch (stream.kind()) {
            case STREAM -> log.info("following the output history stream: its entries are the samples");
            case WRONG_TYPE ->
                log.warn(
                        "the output history key holds a {}, not a stream; samples come from polling"
                                + " the output key",
                        stream.type());
            case ABSENT -> log.info("no output history stream; samples come from polling the output key");
        }
        historyKind = stream.kind();
    }

    /** The new entries of the history stream become samples, sent as one frame each or, many at once, as one. */
    private Optional<Sample> record(HistoryFollower.Read stream) {
        if (stream.fresh()) {
            history.clear();
        }
        List<Sample> recorded = new ArrayList<>();
        Map<String, Double> newest = null;
        for (HistoryFollower.Entry entry : stream.entries()) {
            if (entry.output() instanceof Output.Numbers numbers) {
                recorded.add(history.appendEntry(Instant.ofEpochMilli(entry.t()), numbers.values()));
                newest = numbers.values();
                meters.sampleRecorded();
            } else if (entry.output() instanceof Output.Unusable unusable) {
                meters.historyEntrySkipped(unusable.problem().kind());
            }
        }
        if (newest != null) {
            gauges.record(newest);
        }
        if (recorded.size() <= SAMPLE_FRAMES_PER_POLL) {
            for (Sample sample : recorded) {
                meters.sampleFrameBuilt();
                fanout.broadcast(frames.sample(sample));
            }
        } else {
            fanout.broadcast(frames.historyPart(recorded, clock.millis()));
        }
        return recorded.isEmpty() ? Optional.empty() : Optional.of(recorded.get(recorded.size() - 1));
    }

    /** Starts sending to a browser: first what it lacks (everything, or what came after {@code since}), then live. */
    public void join(ClientChannel channel, HistoryQuery query) {
        List<Sample> missed;
        PageState state;
        List<LoggedCall> calls;
        List<Markers.Marker> marks;
        channel.hold();
        long now = clock.millis();
        synchronized (lock) {
            missed = query.all() || query.width() > 0 ? history.all() : query.select(history, now);
            state = tracker.current();
            calls = List.copyOf(recentCalls);
            marks = markers.all();
            fanout.add(channel);
        }
        String first = query.all()
                ? frames.history(missed, now)
                : frames.historyPart(
                        query.width() > 0 && !missed.isEmpty() ? query.select(new History(missed), now) : missed, now);
        channel.release(List.of(first, frames.state(state, now), frames.calls(calls), frames.markers(marks)));
    }

    /** What {@code GET /api/history} answers. */
    public String history(HistoryQuery query) {
        long now = clock.millis();
        return query.all() ? frames.history(history.all(), now) : frames.historyPart(query.select(history, now), now);
    }

    public void leave(ClientChannel channel) {
        fanout.remove(channel);
    }

    public PageState state() {
        return tracker.current();
    }

    public Optional<Sample> latest() {
        return history.latest();
    }

    public List<Sample> since(OptionalLong since) {
        return since.isPresent() ? history.since(since.getAsLong()) : history.all();
    }

    public List<Sample> samples(HistoryQuery query) {
        return query.select(history, clock.millis());
    }

    public int browsers() {
        return fanout.size();
    }

    /** Seconds since the newest sample was seen, NaN before the first. */
    public double sampleAgeSeconds() {
        return history.latest().map(s -> (clock.millis() - s.t()) / 1000.0).orElse(Double.NaN);
    }

    public boolean redisUp() {
        return PageState.UP.equals(tracker.current().redis());
    }

    /** {@code /readyz}: ready while Redis answers, whatever the key holds, since the page can still be served. */
    public Readiness readiness() {
        PageState state = tracker.current();
        return switch (state.redis()) {
            case PageState.UP -> Readiness.ready("Redis reachable; " + history.size() + " samples in the history");
            case PageState.DOWN ->
                Readiness.notReady((state.redisRefused() ? "" : "Redis unreachable ")
                        + "for "
                        + Duration.ofMillis(clock.millis() - state.redisSince()).toSeconds() + " s: "
                        + state.redisError());
            default -> Readiness.notReady("Redis not polled yet");
        };
    }
}
