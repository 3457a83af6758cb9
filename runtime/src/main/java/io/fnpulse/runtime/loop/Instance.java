package io.fnpulse.runtime.loop;

import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.InstanceKeys;
import io.fnpulse.runtime.state.Lease;
import io.fnpulse.runtime.state.SavedState;
import io.fnpulse.runtime.state.StateStore;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.runtime.trigger.InputSource;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.text.Digest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One function instance: one input key (or stream) and everything it writes, its own context and env, its lease, its
 * saved state, its path for inputs. A runtime serves one, or one per key of its input pattern; the {@link Fleet} makes
 * them and retires them, so nothing else keeps an instance once this replica no longer serves it.
 */
public final class Instance {

    private static final Logger log = LoggerFactory.getLogger(Instance.class);

    private final InstanceKeys keys;
    private final RuntimeContext context;
    private final InputSource inputs;
    private final StateStore state;
    private final InFlight inFlight;
    private final Lease lease;
    private final CallRecords records;
    private final StatusReport status;
    private final InputPath path;
    private final Clock clock;
    private final boolean logEachStep;
    private boolean active;
    private volatile boolean retiring;
    /** The leadership loop's own bookkeeping: whether this instance's lease was held at its last look. */
    boolean leaseWasHeld;

    boolean announcedStandby;

    /** @param logEachStep log becoming active and standing by (one instance), or leave that to counts (a fleet) */
    public Instance(
            InstanceKeys keys,
            RuntimeContext context,
            InputSource inputs,
            StateStore state,
            InFlight inFlight,
            Lease lease,
            CallRecords records,
            StatusReport status,
            InputPath path,
            Clock clock,
            boolean logEachStep) {
        this.keys = keys;
        this.context = context;
        this.inputs = inputs;
        this.state = state;
        this.inFlight = inFlight;
        this.lease = lease;
        this.records = records;
        this.status = status;
        this.path = path;
        this.clock = clock;
        this.logEachStep = logEachStep;
    }

    public InstanceKeys keys() {
        return keys;
    }

    /** The key the fleet knows it by: its stream under TRIGGER=stream, else its input key. */
    String source() {
        return keys.source();
    }

    /** The function's code changed: its context tells the next call (functionGetmtime). */
    void codeModifiedAt(java.time.Instant when) {
        context.codeModifiedAt(when);
    }

    /** Whether this replica serves it now: it holds its lease and is not giving it away. */
    boolean serving() {
        return leader() && !retiring;
    }

    /** What is waiting in its stream (a Redis round trip; nothing for a key). */
    long backlog() {
        return inputs.backlog();
    }

    public Lease lease() {
        return lease;
    }

    boolean leader() {
        return lease.held();
    }

    boolean active() {
        return active;
    }

    void standBy() {
        active = false;
    }

    /** This replica stops serving the instance: its key is gone, or it belongs to another replica now. */
    void retire() {
        retiring = true;
    }

    boolean retiring() {
        return retiring;
    }

    /** Gives the lease back, so the replica that owns the instance now can take it at once. */
    void release() {
        active = false;
        lease.release();
    }

    /** On becoming the replica that serves it: the saved env, where its input stands, whether the last process died. */
    void becomeActive(Optional<ErrorReport> codeError) throws InterruptedException {
        Optional<SavedState> saved = state.load();
        saved.ifPresent(restored -> context.restoreEnv(restored.env(), restored.form()));
        inputs.becameActive(saved.map(SavedState::inputDigest).orElse(""));
        path.diedDuring(inFlight.read());
        active = true;
        if (codeError.isPresent()) {
            reportCodeError(codeError.get());
        }
        String what = saved.map(restored -> "restored env (" + restored.env().size() + " keys) saved "
                        + restored.savedAt() + " after input " + Digest.abbreviate(restored.inputDigest()))
                .orElse(state.key()
                        .map(key -> "no saved state in " + key + "; starting from an empty env")
                        .orElse("state saving is off (STATE_KEY is empty)"));
        if (logEachStep) {
            log.info("active; {}", what);
        } else {
            log.debug("active for {}; {}", keys.input(), what);
        }
    }

    /** The status of a version that did not load, written while no call runs. */
    void reportCodeError(ErrorReport error) throws InterruptedException {
        records.commit(Writes.status(status.failure(path.code(), error, null, clock.instant())));
    }

    /**
     * Reads what is new and hands it to the path, which handles it in order without waiting between inputs.
     *
     * @param stillLeading asked before each input: false ends the batch (the runtime stops, the lease went away)
     * @return whether there was anything to handle
     */
    boolean handleBatch(Runnable beforeEach, BooleanSupplier stillLeading) throws InterruptedException {
        List<Input> batch = inputs.next();
        if (batch.isEmpty()) {
            return false;
        }
        if (path.handle(batch, beforeEach, stillLeading, inputs::handled) == InputPath.Result.AGAIN) {
            inputs.again();
        }
        return true;
    }

    @Override
    public String toString() {
        return keys.source();
    }
}
