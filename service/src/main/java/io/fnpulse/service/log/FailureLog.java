package io.fnpulse.service.log;

import org.slf4j.Logger;

/**
 * Logs a failure once per cause: the first time it happens, not on every poll that finds it still there, and once
 * more when it is over. The cause is whatever identifies it (a kind and a message).
 */
public final class FailureLog {

    private final Logger log;
    private String currentCause;

    public FailureLog(Logger log) {
        this.log = log;
    }

    /** @return true when this is a new cause and was logged */
    public boolean failed(String cause, String message) {
        return failed(cause, message, null);
    }

    /** The same, with the error's stack trace on the one log line of a new cause. */
    public synchronized boolean failed(String cause, String message, Throwable error) {
        if (cause.equals(currentCause)) {
            log.debug("still failing: {}", message);
            return false;
        }
        currentCause = cause;
        if (error == null) {
            log.warn(message);
        } else {
            log.warn(message, error);
        }
        return true;
    }

    /** Logs {@code message} if something was failing. @return true when it was */
    public synchronized boolean recovered(String message) {
        if (currentCause == null) {
            return false;
        }
        currentCause = null;
        log.info(message);
        return true;
    }
}
