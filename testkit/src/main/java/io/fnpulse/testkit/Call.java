package io.fnpulse.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one call came to, as the runtime would have it.
 *
 * @param outputJson the JSON object the runtime would write to the output key; empty when it would write nothing
 *                   (the function returned null or an empty map, or the call failed)
 * @param env        the env after the call: what the next call starts from (on a failure, the env before it)
 * @param stdout     what the call printed to System.out, cut as the runtime cuts it ({@code …[N more bytes]})
 * @param stderr     the same for System.err
 * @param failure    how the call failed, as the runtime's status key would say it; empty when it succeeded
 * @param took       the call's duration, as the runtime measures it
 */
public record Call(
        Optional<String> outputJson,
        Map<String, Object> env,
        String stdout,
        String stderr,
        Optional<Failure> failure,
        Duration took) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    public boolean succeeded() {
        return failure.isEmpty();
    }

    /** The output read back from its JSON, as a reader of the output key would see it. */
    public Optional<Map<String, Object>> output() {
        return outputJson.map(text -> {
            try {
                return JSON.readValue(text, MAP);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the runtime writes JSON objects only: " + text, e);
            }
        });
    }

    /**
     * The output, for a test that expects one: a failed call, or one that returned nothing, is an
     * {@link AssertionError} that says what happened instead (the failure with its stack trace, what was printed).
     */
    public Map<String, Object> expectOutput() {
        if (failure.isPresent()) {
            throw new AssertionError("the call failed: " + failure.get().describe() + printed() + "\n"
                    + failure.get().stackTrace());
        }
        return output().orElseThrow(() ->
                new AssertionError("the call returned nothing (null or an empty map), so the runtime would"
                        + " write nothing" + printed()));
    }

    private String printed() {
        return (stdout.isEmpty() ? "" : "; it printed to stdout: " + stdout)
                + (stderr.isEmpty() ? "" : "; it printed to stderr: " + stderr);
    }
}
