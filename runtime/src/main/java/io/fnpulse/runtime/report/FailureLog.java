package io.fnpulse.runtime.report;

import org.slf4j.Logger;

/**
 * Logs a failure once per cause: the first time it happens, not on every poll that finds it still there, and
 * logs once more when it is over. The cause is whatever identifies it (a kind and a message).
 */
public final class FailureLog {

    private final Logger log;
    private String currentCause;

    public FailureLog(Logger log) {
        this.log = log;
    }

    /** @return true when this is a new cause and was logged */
    public synchronized boolean failed(String cause, String message) {
        if (cause.equals(currentCause)) {
            log.debug("still failing: {}", message);
            return false;
        }
        currentCause = cause;
        log.warn(message);
        return true;
    }

    public synchronized void recovered(String message) {
        if (currentCause != null) {
            currentCause = null;
            log.info(message);
        }
    }

    public synchronized boolean failing() {
        return currentCause != null;
    }
}
