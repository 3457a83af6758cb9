package io.fnpulse.service.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of the calls log ({@code O:calls}, its {@code data} field): written by the runtime in the commit of every
 * call, whatever its outcome, and read by the dashboard and its page. Times are ISO-8601 instants; the optional parts
 * are absent, not null, where a call has none.
 *
 * @param streamId        the input stream entry's ID, for TRIGGER=stream
 * @param inputDigest     the digest of the input (as in the state key and the output history)
 * @param version         the code version that ran
 * @param stdout          what the call printed to System.out, cut at CAPTURE_BYTES with {@code …[N more bytes]}
 * @param stdoutTruncated true when {@code stdout} was cut (absent otherwise); the same for stderr
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CallRecord(
        String at,
        String inputDigest,
        String streamId,
        CallOutcome outcome,
        Double durationMs,
        String version,
        ErrorReport error,
        String stdout,
        String stderr,
        Boolean stdoutTruncated,
        Boolean stderrTruncated) {}
