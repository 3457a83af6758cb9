package io.fnpulse.runtime.state;

import java.util.Optional;

/**
 * The Redis keys of one function instance: the input it reads and everything it writes, as {@code KeySettings}
 * derives them. A key that is absent does not exist for this instance: no output key (results are logged), state or
 * status turned off, no calls log or history, no stream (a trigger other than TRIGGER=stream).
 *
 * @param stream TRIGGER=stream: the input stream, its dead letters and the group that reads it
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

    /** The key the instance is found by and read from: its stream under TRIGGER=stream, else its input key. */
    public String source() {
        return stream.orElse(input);
    }
}
