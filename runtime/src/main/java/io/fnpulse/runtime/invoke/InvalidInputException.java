package io.fnpulse.runtime.invoke;

/** The value of the input key is not a JSON object, so the function is not called. */
public final class InvalidInputException extends Exception {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
