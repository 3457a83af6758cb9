package io.fnpulse.runtime.invoke;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call of an {@link ExternalFunction}, as the invoker hands it over.
 *
 * @param input        the input, a JSON object
 * @param facts        what the function's context shows besides env
 * @param env          the live env in its saved form: what the call starts from. Read it, never change it: it is the
 *                     runtime's, and the same map object until a call's env is committed in its place, so an
 *                     external function may tell by identity that it still holds this env from its last call
 * @param timeout      HANDLER_TIMEOUT_SECONDS
 * @param captureBytes what the call may print to each of stdout and stderr that is kept with it (CAPTURE_BYTES)
 */
public record ExternalCall(
        Map<String, Object> input, Facts facts, Map<String, Object> env, Duration timeout, int captureBytes) {

    /**
     * @param outputKey        empty when results are only logged (REDIS_OUTPUT_KEY unset)
     * @param functionGetmtime when the code last changed
     * @param lastExecution    empty before the first successful call
     */
    public record Facts(
            String host,
            int port,
            String inputKey,
            Optional<String> outputKey,
            Instant functionGetmtime,
            Optional<Instant> lastExecution) {}

    public ExternalCall {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(timeout, "timeout");
    }
}
