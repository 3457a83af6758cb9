package io.fnpulse.runtime.invoke;

/** A call returned something that cannot be written as a JSON object, or left an env that cannot be saved. */
public final class InvalidResultException extends Exception {

    public InvalidResultException(String message) {
        super(message);
    }

    public InvalidResultException(String message, Throwable cause) {
        super(message, cause);
    }
}
