package io.fnpulse.runtime.worker;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process with {@link #EXIT_CODE} after a call was abandoned on a JDK that cannot stop threads
 * ({@link AbandonedCall#endsProcess()}), once that call's input has been recorded as its cause and no other call is
 * in flight: the abandoned thread is never coming back, and a restart (well under a second for Kubernetes) is the
 * only way to get its memory and its core back. On a JDK with {@code Thread.stop} an abandoned call changes nothing
 * here. One instance per process; whoever runs calls tells it when each starts and ends (and when its outcome is
 * recorded). A runtime embedded in another program (the local stack) does not end it: {@link #never()}.
 */
public final class AbandonedCallExit {

    private static final Logger log = LoggerFactory.getLogger(AbandonedCallExit.class);

    /** Distinct from 0 (SIGTERM), 1 (could not start), 2 (bad configuration) and 3 (out of memory). */
    public static final int EXIT_CODE = 4;

    private final IntConsumer exit;
    private int inFlight;
    private AbandonedCall pending;
    private boolean exited;

    /** @param exit ends the process with the code it is given, e.g. {@code System::exit} */
    public AbandonedCallExit(IntConsumer exit) {
        this.exit = exit;
    }

    /** For a runtime that does not own its process: an abandoned thread stays, as on a JDK that can stop one. */
    public static AbandonedCallExit never() {
        return new AbandonedCallExit(null);
    }

    /** Whether an abandoned call ends the process: false for {@link #never()}. */
    public boolean ends() {
        return exit != null;
    }

    public synchronized void callStarted() {
        inFlight++;
    }

    /** A call ended and its outcome is recorded. */
    public synchronized void callEnded() {
        if (inFlight == 0) {
            throw new IllegalStateException("callEnded() without callStarted()");
        }
        inFlight--;
        exitIfDue();
    }

    /**
     * The input of an abandoned call has been recorded as the cause (dead-lettered or skipped); call it before that
     * call's {@link #callEnded()}.
     */
    public synchronized void recorded(AbandonedCall call) {
        if (exit != null && call.endsProcess() && pending == null) {
            pending = call;
        }
        exitIfDue();
    }

    /** Whether the process is on its way out: callers should start no new call. */
    public synchronized boolean exiting() {
        return pending != null;
    }

    private void exitIfDue() {
        if (pending == null || inFlight > 0 || exited) {
            return;
        }
        exited = true;
        log.error(
                "ending the process with exit code {}: thread {} runs on past its {} s deadline and Java {} cannot"
                        + " stop it; a restart frees it",
                EXIT_CODE,
                pending.thread(),
                io.fnpulse.service.text.Seconds.of(pending.timeout()),
                Runtime.version().feature());
        exit.accept(EXIT_CODE);
    }
}
