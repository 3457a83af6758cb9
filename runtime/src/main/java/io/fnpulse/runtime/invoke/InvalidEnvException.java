package io.fnpulse.runtime.invoke;

/** A call left something in {@code context.env()} that JSON cannot hold, so it could not be saved. */
public final class InvalidEnvException extends Exception {

    public InvalidEnvException(String message) {
        super(message);
    }

    public InvalidEnvException(String message, Throwable cause) {
        super(message, cause);
    }
}
