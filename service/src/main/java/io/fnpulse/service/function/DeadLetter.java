package io.fnpulse.service.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One entry of the dead letters ({@code O:dead}, its {@code data} field): a stream entry whose calls failed for good,
 * or that could never be called, with what it held, why it failed, how many calls failed and which code version ran.
 *
 * @param entry the entry as it was read: its {@code data}, null when it had none that could be read
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(String streamId, Entry entry, Reason error, int attempts, String version, String at) {

    /** The input stream entry: its {@code data} field. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(
            @JsonInclude(JsonInclude.Include.ALWAYS) String data) {}

    /** Why it failed: the exception's type and message. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(String type, String message) {}
}
