package io.fnpulse.runtime.worker;

import java.time.Duration;

/**
 * A call whose code ran past its deadline, ignored the interrupt and could not be stopped: its thread was left to it
 * and the worker went on with a new one.
 *
 * @param thread    the abandoned thread's name
 * @param timeout   the deadline it ran past
 * @param stoppable whether this JDK has {@code Thread.stop} (Java 17 to 19: the code also survived that). Where it
 *                  has not (Java 20 on), nothing can ever end the thread: see {@link #endsProcess()}
 */
public record AbandonedCall(String thread, Duration timeout, boolean stoppable) {

    /**
     * Whether the process should end, once the call's input is recorded as its cause and no other call is in flight
     * ({@link AbandonedCallExit}): on a JDK without {@code Thread.stop} the abandoned thread holds its memory, and
     * perhaps a core, for as long as the process lives, and a restart is the only way to get them back.
     */
    public boolean endsProcess() {
        return !stoppable;
    }
}
