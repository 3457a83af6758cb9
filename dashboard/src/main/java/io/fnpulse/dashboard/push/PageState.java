package io.fnpulse.dashboard.push;

import io.fnpulse.dashboard.poll.Problem;
import io.fnpulse.service.function.FunctionStatus;

/**
 * What the page is told about the feed, apart from the samples themselves. Times are epoch milliseconds of the
 * server's clock; every frame carries {@code serverTime} so the page can correct for its own clock.
 *
 * @param redis        {@code unknown} before the first poll, then {@code up} or {@code down}
 * @param redisSince   when Redis became reachable or unreachable
 * @param redisError   why the last poll could not reach Redis, while it is down: "Redis unreachable (…)", or
 *                     "Redis refused the login (WRONGPASS …)" when the server answers but refuses the credentials
 * @param redisRefused the server answered but refused the login or the command: the page says so instead of
 *                     "unreachable"
 * @param stale        Redis answers but the output key has not changed for longer than the staleness rule allows
 * @param problem      why the current value of the key cannot be charted, if it cannot
 * @param problemSince when that value was first seen
 * @param status       the runtime's status key, if there is one
 * @param lastFailure  the most recent failed call the status key reported while the dashboard watched
 * @param statusProblem why the status key cannot be read (too long, another type), if it cannot
 */
public record PageState(
        String redis,
        Long redisSince,
        String redisError,
        boolean redisRefused,
        boolean stale,
        Problem problem,
        Long problemSince,
        FunctionStatus status,
        Failure lastFailure,
        Problem statusProblem) {

    public static final String UNKNOWN = "unknown";
    public static final String UP = "up";
    public static final String DOWN = "down";

    public static PageState initial() {
        return new PageState(UNKNOWN, null, null, false, false, null, null, null, null, null);
    }

    public record Failure(long seenAt, String type, String message) {}
}
