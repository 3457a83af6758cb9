package io.fnpulse.dashboard.feed;

import io.fnpulse.dashboard.history.History;
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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Where each poll lands: a new value becomes a sample in the history, the gauges' values and one frame sent to every
 * browser; a change of state becomes one state frame. A browser that joins gets the history (or what it missed) and
 * the state under the same lock, so it sees every sample exactly once.
 */
public final class Feed implements Consumer<PollResult> {

    private final History history;
    private final Fanout fanout;
    private final Frames frames;
    private final OutputGauges gauges;
    private final DashboardMeters meters;
    private final StateTracker tracker;
    private final Clock clock;
    private final Object lock = new Object();

    public Feed(History history, Fanout fanout, Frames frames, OutputGauges gauges, DashboardMeters meters,
                String redisAddress, String outputKey, Clock clock) {
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
            if (result instanceof PollResult.Reached reached && reached.outputChanged()) {
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
            } else if (result instanceof PollResult.Unreachable) {
                meters.unreachable();
            }
            PageState before = tracker.current();
            PageState after = tracker.update(result, sample, history.staleAfter());
            if (!after.equals(before)) {
                meters.stateFrameBuilt();
                fanout.broadcast(frames.state(after, clock.millis()));
            }
        }
    }

    /** Starts sending to a browser: first what it lacks (everything, or what came after {@code since}), then live. */
    public void join(ClientChannel channel, OptionalLong since) {
        synchronized (lock) {
            List<Sample> missed = since.isPresent() ? history.since(since.getAsLong()) : history.all();
            long now = clock.millis();
            channel.offer(frames.history(missed, now));
            channel.offer(frames.state(tracker.current(), now));
            fanout.add(channel);
        }
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
            case PageState.DOWN -> Readiness.notReady("Redis unreachable for "
                    + Duration.ofMillis(clock.millis() - state.redisSince()).toSeconds() + " s: " + state.redisError());
            default -> Readiness.notReady("Redis not polled yet");
        };
    }
}
