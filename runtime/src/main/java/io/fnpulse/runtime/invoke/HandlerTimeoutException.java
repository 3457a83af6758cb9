package io.fnpulse.runtime.invoke;

/** A call ran past HANDLER_TIMEOUT_SECONDS and was abandoned. */
public final class HandlerTimeoutException extends Exception {

    public HandlerTimeoutException(String message) {
        super(message);
    }
}
