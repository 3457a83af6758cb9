package io.fnpulse.dashboard.feed;

import io.fnpulse.dashboard.history.Sample;
import io.fnpulse.dashboard.poll.Output;
import io.fnpulse.dashboard.poll.PollResult;
import io.fnpulse.dashboard.poll.Problem;
import io.fnpulse.dashboard.push.PageState;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.FunctionStatus;
import io.fnpulse.service.redis.RedisProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the feed from poll to poll and says what the page should show: Redis up or down and since when, a bad
 * value, staleness, the runtime's status. It logs each change of cause once, not each poll.
 * Only the poll thread calls {@link #update}; anyone may read {@link #current()}.
 */
final class StateTracker {

    private static final Logger log = LoggerFactory.getLogger(StateTracker.class);

    private final String redisAddress;
    private final String outputKey;
    private final Set<String> ignoredKeysLogged = new HashSet<>();
    private volatile PageState current = PageState.initial();
    private Instant lastSampleAt;

    StateTracker(String redisAddress, String outputKey) {
        this.redisAddress = redisAddress;
        this.outputKey = outputKey;
    }

    PageState current() {
        return current;
    }

    /** Folds one poll (and the sample it produced, if any) into the state; returns the new state. */
    PageState update(PollResult result, Optional<Sample> sample, Duration staleAfter) {
        PageState before = current;
        PageState next = result instanceof PollResult.Reached reached
                ? reached(before, reached, sample, staleAfter)
                : unreachable(before, (PollResult.Unreachable) result);
        current = next;
        return next;
    }

    private PageState unreachable(PageState before, PollResult.Unreachable down) {
        Long since = before.redisSince();
        boolean refused = down.problem().kind() != RedisProblem.Kind.UNREACHABLE;
        if (!PageState.DOWN.equals(before.redis()) || refused != before.redisRefused()) {
            log.warn("{} at {}; retrying with backoff", down.error(), redisAddress);
            since = down.at().toEpochMilli();
        }
        return new PageState(
                PageState.DOWN,
                since,
                down.error(),
                refused,
                false,
                before.problem(),
                before.problemSince(),
                before.status(),
                before.lastFailure(),
                before.statusProblem());
    }

    private PageState reached(
            PageState before, PollResult.Reached reached, Optional<Sample> sample, Duration staleAfter) {
        Instant at = reached.at();
        Long redisSince = before.redisSince();
        if (!PageState.UP.equals(before.redis())) {
            if (PageState.DOWN.equals(before.redis())) {
                log.info(
                        "Redis at {} reachable again after {}",
                        redisAddress,
                        seconds(Duration.ofMillis(at.toEpochMilli() - before.redisSince())));
            }
            redisSince = at.toEpochMilli();
        }
        Problem problem = before.problem();
        Long problemSince = before.problemSince();
        if (reached.outputChanged()) {
            if (reached.output() instanceof Output.Unusable unusable) {
                if (problem == null || problem.kind() != unusable.problem().kind()) {
                    log.warn(
                            "{}; the page keeps showing the last good data",
                            unusable.problem().message());
                    problemSince = at.toEpochMilli();
                }
                problem = unusable.problem();
            } else if (reached.output() instanceof Output.Numbers numbers) {
                if (problem != null) {
                    log.info("key {} holds numbers again", outputKey);
                }
                problem = null;
                problemSince = null;
                logIgnored(numbers);
            }
        }
        sample.ifPresent(s -> lastSampleAt = Instant.ofEpochMilli(s.t()));
        boolean stale =
                lastSampleAt != null && Duration.between(lastSampleAt, at).compareTo(staleAfter) > 0;
        if (stale != before.stale()) {
            if (stale) {
                log.warn(
                        "no new value in {} for {} (stale after {})",
                        outputKey,
                        seconds(Duration.between(lastSampleAt, at)),
                        seconds(staleAfter));
            } else {
                log.info("new values in {} again", outputKey);
            }
        }
        Problem statusProblem = reached.statusChanged() ? reached.statusProblem() : before.statusProblem();
        FunctionStatus status = reached.statusChanged() && statusProblem == null
                ? reached.status().orElse(null)
                : before.status(); // an unreadable status key keeps the last one
        if (reached.statusChanged() && !java.util.Objects.equals(statusProblem, before.statusProblem())) {
            if (statusProblem != null) {
                log.warn("{}; the status line is not updated", statusProblem.message());
            } else if (before.statusProblem() != null) {
                log.info("the status key can be read again");
            }
        }
        PageState.Failure lastFailure = before.lastFailure();
        if (reached.statusChanged() && statusProblem == null && status != null && status.failed()) {
            ErrorReport error = status.error();
            lastFailure = new PageState.Failure(
                    at.toEpochMilli(), error == null ? null : error.type(), error == null ? null : error.message());
        }
        return new PageState(
                PageState.UP,
                redisSince,
                null,
                false,
                stale,
                problem,
                problemSince,
                status,
                lastFailure,
                statusProblem);
    }

    private void logIgnored(Output.Numbers numbers) {
        for (String key : numbers.ignored()) {
            if (ignoredKeysLogged.size() < 100 && ignoredKeysLogged.add(key)) {
                log.info("field {} of {} is not a number; it is not charted", key, outputKey);
            }
        }
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
