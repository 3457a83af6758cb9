package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Endings of consecutive inputs that are not committed yet, joined into one commit: a run of stream entries, or a
 * key's value on its own. The env a success in it left goes live at once, so that the next call of the run starts
 * from it; if the commit is refused, the live env goes back to what it was before the run, since none of its calls
 * counts.
 */
final class Run {

    /** One ending of the run, with its input and the moment its writes were stamped with. */
    record Ended(Input input, Ending ending, Instant at) {}

    private final RuntimeContext context;
    private final List<Ended> endings = new ArrayList<>();
    private Writes writes = Writes.NOTHING;
    private RuntimeContext.Snapshot before;
    private long startedNanos;

    Run(RuntimeContext context) {
        this.context = context;
    }

    /** Adds an ending; a success's env and time go live now. */
    void add(Input input, Ending ending, Ledger ledger, Instant at) {
        if (endings.isEmpty()) {
            before = context.snapshot();
            startedNanos = System.nanoTime() - ending.took().toNanos();
        }
        writes = writes.then(ending.writes(ledger));
        if (ending instanceof Ending.Succeeded success) {
            context.commitEnv(success.call().env(), success.call().form());
            context.executedAt(at);
        }
        // without the env it left: a run of 100 calls holding 100 envs until its commit kept them past young
        // collections, and the old generation filled with them
        endings.add(new Ended(input, ending.reported(), at));
    }

    boolean isEmpty() {
        return endings.isEmpty();
    }

    /**
     * Whether it should be committed before another input joins it: it holds enough, or its first call started long
     * enough ago.
     */
    boolean full(int maxEndings, Duration maxWait) {
        return endings.size() >= maxEndings || System.nanoTime() - startedNanos >= maxWait.toNanos();
    }

    Writes writes() {
        return writes;
    }

    List<Ended> endings() {
        return endings;
    }

    /** Its commit was refused: as if none of its calls had been made. */
    void rollBack() {
        if (before != null) {
            context.restore(before);
        }
    }
}
