package io.fnpulse.runtime.invoke;

/**
 * The process running a call died before it answered: the function ended it ({@code os._exit}), crashed it, or it
 * was killed from outside. Like the runtime's own death during a call, it counts toward POISON_RETRIES.
 */
public final class WorkerDiedException extends Exception {

    public WorkerDiedException(String message) {
        super(message);
    }
}
