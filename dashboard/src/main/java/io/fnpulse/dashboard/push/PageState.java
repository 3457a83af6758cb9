package io.fnpulse.dashboard.push;

import io.fnpulse.dashboard.poll.FunctionStatus;
import io.fnpulse.dashboard.poll.Problem;

/**
 * What the page is told about the feed, apart from the samples themselves. Times are epoch milliseconds of the
 * server's clock; every frame carries {@code serverTime} so the page can correct for its own clock.
 *
 * @param redis        {@code unknown} before the first poll, then {@code up} or {@code down}
 * @param redisSince   when Redis became reachable or unreachable
 * @param redisError   why the last poll could not reach Redis, while it is down
 * @param stale        Redis answers but the output key has not changed for longer than the staleness rule allows
 * @param problem      why the current value of the key cannot be charted, if it cannot
 * @param problemSince when that value was first seen
 * @param status       the runtime's status key, if there is one
 * @param lastFailure  the most recent failed call the status key reported while the dashboard watched
 */
public record PageState(
        String redis,
        Long redisSince,
        String redisError,
        boolean stale,
        Problem problem,
        Long problemSince,
        FunctionStatus status,
        Failure lastFailure) {

    public static final String UNKNOWN = "unknown";
    public static final String UP = "up";
    public static final String DOWN = "down";

    public static PageState initial() {
        return new PageState(UNKNOWN, null, null, false, null, null, null, null);
    }

    public record Failure(long seenAt, String type, String message) {
    }
}
