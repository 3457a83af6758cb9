package io.fnpulse.runtime.state;

import java.util.Optional;

/**
 * The Redis keys of one function instance: the input it reads and everything it writes. One runtime serves one
 * instance, or, with a pattern for REDIS_INPUT_KEY, one per matching key (see the README's fleet section).
 *
 * @param stream TRIGGER=stream: the input stream, the dead letters and the consumer group; absent otherwise
 */
public record InstanceKeys(
        String input,
        Optional<String> output,
        Optional<String> state,
        Optional<String> status,
        Optional<String> lease,
        Optional<String> inflight,
        Optional<String> calls,
        Optional<String> history,
        Optional<String> stream,
        Optional<String> dead,
        Optional<String> group) {

    /** What a commit of this instance may touch. */
    public Commit.Keys commitKeys() {
        return new Commit.Keys(lease, output, state, status, inflight, calls, history, stream, dead);
    }
}
