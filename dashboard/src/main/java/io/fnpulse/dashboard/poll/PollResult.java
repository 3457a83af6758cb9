package io.fnpulse.dashboard.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The outcome of one poll, handed to whoever turns polls into history and pushed frames. */
public sealed interface PollResult {

    Instant at();

    Duration took();

    /**
     * Redis answered. {@code outputChanged} is true when the key's content differs from the previous poll's (the
     * first poll counts as a change); {@code output} is then freshly parsed, else it is the previous parse.
     */
    record Reached(Instant at, Duration took, Output output, boolean outputChanged,
                   Optional<FunctionStatus> status, boolean statusChanged) implements PollResult {
    }

    /** Redis could not be reached, or refused the read; the next attempt follows the backoff. */
    record Unreachable(Instant at, Duration took, String error, Duration retryIn) implements PollResult {
    }
}
