package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.worker.AbandonedCall;
import io.fnpulse.runtime.worker.AbandonedCallExit;
import io.fnpulse.service.function.ErrorReport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How calls end this process, and what it says about them as it goes. It knows the call each instance runs now, so
 * that a process dying in one for a reason it can see — the function called {@code System.exit}, the heap ran out —
 * narrows that instance's in-flight marker to the input of the call and writes the cause there before it goes: the
 * next process then blames that input at once, where an unexplained death (SIGKILL, a power cut) leaves a marker
 * without a cause, which blames nothing before it happened three times in a row. And it ends the process after a call
 * that could not be stopped, once that call's outcome is recorded and no other call runs ({@link AbandonedCallExit}).
 * One per process, shared by every instance's {@link InputPath}.
 */
public final class DeathWatch {

    private static final Logger log = LoggerFactory.getLogger(DeathWatch.class);

    /** One call running now: what its marker says, and where to write it. */
    private record Running(InFlight.Calling calling, CallRecords records) {}

    private final Map<InputPath, Running> running = new ConcurrentHashMap<>();
    private final AbandonedCallExit exit;

    public DeathWatch(AbandonedCallExit exit) {
        this.exit = exit;
    }

    /** For a runtime that does not own its process (tests, the local stack): it never ends the process. */
    public static DeathWatch embedded() {
        return new DeathWatch(AbandonedCallExit.never());
    }

    /** {@code path} calls the function with the one input {@code calling} names. */
    void calling(InputPath path, InFlight.Calling calling, CallRecords records) {
        running.put(path, new Running(calling, records));
    }

    /** {@code path}'s call returned (whatever its outcome): a death from now on is not that call's. */
    void called(InputPath path) {
        running.remove(path);
    }

    /** Whether a call of the function runs now. */
    public boolean calling() {
        return !running.isEmpty();
    }

    /**
     * The process dies now, for a reason it can tell: each call running is blamed for it in its marker. Bounded by the
     * Redis timeout for each; what cannot be written leaves the marker as it was, an unexplained death.
     */
    public void dying(ErrorReport cause) {
        running.values().forEach(call -> {
            if (call.records().recordDeath(call.calling(), cause)) {
                log.error("recorded that the process dies in the call with input {}", describe(call.calling()));
            }
        });
    }

    /** {@link #dying} for an {@link OutOfMemoryError}, from the handler that ends the process with exit code 3. */
    public void outOfMemory(Throwable error) {
        dying(ErrorReport.of(
                OutOfMemoryError.class.getName(),
                "the heap ran out during the call (" + error.getMessage() + "); the process ended with exit code 3"));
    }

    /** Calls whose outcomes are not recorded yet begin: the process does not end under them. */
    void runStarted() {
        exit.callStarted();
    }

    /** Their outcomes are recorded (or they will not be, as the runtime stops): the process may end now. */
    void runEnded() {
        exit.callEnded();
    }

    /** A call that could not be stopped, its input now recorded as the cause: the process ends once none runs. */
    void abandoned(AbandonedCall call) {
        exit.recorded(call);
    }

    /** Whether the process is on its way out: no new call may start. */
    boolean exiting() {
        return exit.exiting();
    }

    /** Whether an abandoned call that this JDK cannot stop ends the process (it does unless embedded). */
    boolean abandonedCallsEndTheProcess() {
        return exit.ends();
    }

    private static String describe(InFlight.Calling calling) {
        return calling.digest() + (calling.streamId().isEmpty() ? "" : " (stream entry " + calling.streamId() + ")");
    }
}
