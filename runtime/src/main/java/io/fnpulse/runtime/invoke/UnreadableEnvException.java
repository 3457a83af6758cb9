package io.fnpulse.runtime.invoke;

/**
 * The env a call was to start from cannot be read back in the function's language: a saved state restored from the
 * state key that passed the runtime's own check of its form but not the Python worker's reader (a date that is no
 * date, bytes that are not base64, ...). The function did not run. The path sets the state aside as corrupt and
 * calls again from an empty env, as the runtime does at start with a state it cannot use.
 */
public final class UnreadableEnvException extends Exception {

    public UnreadableEnvException(String message) {
        super(message);
    }
}
