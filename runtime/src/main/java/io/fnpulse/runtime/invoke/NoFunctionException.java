package io.fnpulse.runtime.invoke;

/** An input arrived while no version of the function has loaded yet. */
public final class NoFunctionException extends Exception {

    public NoFunctionException(String message) {
        super(message);
    }
}
