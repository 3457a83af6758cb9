package io.fnpulse.dashboard.poll;

import io.fnpulse.dashboard.calls.CallsFollower;
import io.fnpulse.dashboard.history.HistoryFollower;
import io.fnpulse.service.function.FunctionStatus;
import io.fnpulse.service.redis.RedisProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The outcome of one poll, handed to whoever turns polls into history and pushed frames. */
public sealed interface PollResult {

    Instant at();

    Duration took();

    /**
     * Redis answered. {@code outputChanged} is true when the key's content differs from the previous poll's (the
     * first poll counts as a change); {@code output} is then freshly parsed, else it is the previous parse. The same
     * goes for the status key; {@code statusProblem} says why it cannot be read (too long, another type), if so.
     * {@code history} holds the new entries of the output history stream, and {@code calls} those of the calls log,
     * where they exist.
     */
    record Reached(
            Instant at,
            Duration took,
            Output output,
            boolean outputChanged,
            Optional<FunctionStatus> status,
            Problem statusProblem,
            boolean statusChanged,
            HistoryFollower.Read history,
            CallsFollower.Read calls)
            implements PollResult {

        public Reached(
                Instant at,
                Duration took,
                Output output,
                boolean outputChanged,
                Optional<FunctionStatus> status,
                Problem statusProblem,
                boolean statusChanged) {
            this(
                    at,
                    took,
                    output,
                    outputChanged,
                    status,
                    statusProblem,
                    statusChanged,
                    HistoryFollower.Read.NONE,
                    CallsFollower.Read.NONE);
        }
    }

    /** Redis could not be reached, or refused the login or the read; the next attempt follows the backoff. */
    record Unreachable(Instant at, Duration took, RedisProblem problem, Duration retryIn) implements PollResult {

        /** One phrase for the page and the log: "Redis unreachable (…)" or "Redis refused the login (…)". */
        public String error() {
            return problem.describe();
        }
    }
}
