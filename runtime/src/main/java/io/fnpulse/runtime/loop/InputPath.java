package io.fnpulse.runtime.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.invoke.Captured;
import io.fnpulse.runtime.invoke.InputDecoder;
import io.fnpulse.runtime.invoke.InvalidInputException;
import io.fnpulse.runtime.invoke.Invoker;
import io.fnpulse.runtime.invoke.NoFunctionException;
import io.fnpulse.runtime.invoke.Outcome;
import io.fnpulse.runtime.invoke.RuntimeContext;
import io.fnpulse.runtime.invoke.UnreadableEnvException;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.report.RuntimeMetrics;
import io.fnpulse.runtime.report.StatusReport;
import io.fnpulse.runtime.state.InFlight;
import io.fnpulse.runtime.state.StateKey;
import io.fnpulse.runtime.state.Writes;
import io.fnpulse.runtime.trigger.Input;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.text.Digest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs' way through the runtime, one at a time, in order: each is refused when it cannot be read or is not a
 * JSON object; skipped when the process running the function (the runtime's own, or a Python function's worker) has
 * died in calls with it too often (a poison input); otherwise called, with
 * an in-flight marker in Redis saying so. Whatever happens is an {@link Ending}. A key's value is committed on its
 * own; consecutive stream entries are committed in runs, everything their endings leave — outputs, state, status,
 * calls log entries, acknowledgements, dead letters — in one step, bounded in length and in time (see {@link Rules})
 * so that an entry that trickles in is written at once. A stream entry whose call failed is called
 * again at once, in place, until {@code maxAttempts} calls have failed.
 *
 * <p>Exactly once: a run's calls count only once committed; a crash before that leaves its entries pending and the
 * saved env as it was, and the next process calls them again from there. The in-flight marker names the whole run, so
 * that the next process handles each of its entries on its own (see {@link Suspects}).
 */
public final class InputPath {

    /** What became of a batch of inputs. */
    public enum Result {
        /** Done with, whatever the outcome: the source may forget it. */
        HANDLED,
        /** To be tried again: no code has loaded yet, the lease went to another replica, or the runtime stops. */
        AGAIN
    }

    /**
     * How the path behaves: poison retries, stream attempts, whether results are logged instead of written, and how
     * long a run of stream entries may grow: {@code runEndings} endings at most, and its first call started at most
     * {@code runWait} before it is committed, so that an entry that trickles in is written at once.
     */
    public record Rules(int poisonRetries, int maxAttempts, boolean logResults, int runEndings, Duration runWait) {

        /** The most endings one commit of stream entries holds. */
        public static final int RUN_ENDINGS = 100;
        /** The longest the first entry of a run waits for its commit, from the start of its call. */
        public static final Duration RUN_WAIT = Duration.ofMillis(10);

        public Rules(int poisonRetries, int maxAttempts, boolean logResults) {
            this(poisonRetries, maxAttempts, logResults, RUN_ENDINGS, RUN_WAIT);
        }

        /**
         * Whether the deaths blame the input: {@code poisonRetries} deaths whose cause the process recorded, or two
         * more unexplained ones in a row (3 with the default): a SIGKILL or a power cut is rarely the input's doing.
         */
        boolean blame(InFlight.Deaths deaths) {
            return deaths.recorded() >= poisonRetries || deaths.unexplained() >= unexplainedDeaths();
        }

        int unexplainedDeaths() {
            return poisonRetries + 2;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(InputPath.class);
    private static final Logger printed = LoggerFactory.getLogger("io.fnpulse.function.output");

    private final Supplier<Optional<LoadedFunction>> code;
    private final InputDecoder decoder;
    private final Invoker invoker;
    private final CallRecords records;
    private final StateKey state;
    private final StatusReport status;
    private final RuntimeContext context;
    private final RuntimeMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final Rules rules;
    private final DeathWatch deathWatch;
    private final FailureLog failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.runtime.invoke"));
    private Suspects suspects;
    private String reportedWithoutCode;
    /** What the in-flight marker in Redis names now, as this path last set it; empty once cleared. */
    private Optional<InFlight.Calling> marked = Optional.empty();

    public InputPath(
            Supplier<Optional<LoadedFunction>> code,
            InputDecoder decoder,
            Invoker invoker,
            CallRecords records,
            StateKey state,
            StatusReport status,
            RuntimeContext context,
            RuntimeMetrics metrics,
            ObjectMapper json,
            Clock clock,
            Rules rules,
            DeathWatch deathWatch) {
        this.code = code;
        this.decoder = decoder;
        this.invoker = invoker;
        this.records = records;
        this.state = state;
        this.status = status;
        this.context = context;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
        this.rules = rules;
        this.deathWatch = deathWatch;
    }

    /** Handles one input on its own. */
    Result handle(Input input) throws InterruptedException {
        return handle(List.of(input), () -> {}, () -> true, handled -> {});
    }

    /**
     * Handles a batch, in order.
     *
     * @param beforeEach run before each input (the loop's heartbeat)
     * @param goOn       asked before each input: false commits what is done and ends the batch (the runtime stops,
     *                   the lease went away)
     * @param handled    told of each input once what it left is committed: the source may forget it
     * @return {@link Result#AGAIN} when some inputs were not handled and must be read again
     */
    Result handle(List<Input> batch, Runnable beforeEach, BooleanSupplier goOn, Consumer<Input> handled)
            throws InterruptedException {
        deathWatch.runStarted();
        try {
            Run run = new Run(context);
            for (int i = 0; i < batch.size(); i++) {
                Input input = batch.get(i);
                if (!goOn.getAsBoolean() || deathWatch.exiting()) {
                    finish(run, handled);
                    return Result.AGAIN;
                }
                beforeEach.run();
                Optional<Run> open = handleOne(input, batch, i, run, handled);
                if (open.isEmpty()) {
                    return Result.AGAIN;
                }
                run = open.get();
            }
            return finish(run, handled) ? Result.HANDLED : Result.AGAIN;
        } finally {
            deathWatch.runEnded();
        }
    }

    /**
     * One input: its endings join the run, which is committed when it should be.
     *
     * @return the run that goes on (a new one after a commit), or empty when the batch must stop here
     */
    private Optional<Run> handleOne(Input input, List<Input> batch, int index, Run run, Consumer<Input> handled)
            throws InterruptedException {
        Optional<LoadedFunction> function = code.get();
        if (function.isEmpty()) {
            finish(run, handled);
            withoutCode(input);
            return Optional.empty();
        }
        reportedWithoutCode = null;
        InFlight.Deaths deaths = deathsOf(input);
        String lastCause = suspects != null && suspects.cover(input) ? suspects.lastCause() : "";
        forgetSuspectsBefore(input);
        Map<String, Object> decoded;
        try {
            decoded = decode(input);
        } catch (InvalidInputException problem) {
            return after(join(run, input, function, Ending.refused(input, problem)), batch, index, deaths, handled);
        }
        if (rules.blame(deaths)) {
            Ending poison = poison(input, deaths, lastCause);
            return after(join(run, input, function, poison), batch, index, deaths, handled);
        }
        int attempts = input.streamId().isPresent() ? rules.maxAttempts() : 1;
        boolean called = false;
        for (int attempt = 1; ; ) {
            if (!covered(input, deaths)) {
                InFlight.Calling calling = callingFor(input, batch, index, deaths);
                if (run.isEmpty() ? !mark(calling) : !commit(run, Optional.of(calling), handled)) {
                    return Optional.empty();
                }
                run = run.isEmpty() ? run : new Run(context);
            }
            deathWatch.calling(
                    this, InFlight.Calling.one(input.digest(), input.streamId().orElse(""), deaths), records);
            // each call gets the input as it arrived, not as a failed call before it may have changed it
            Outcome outcome = invoker.invoke(function.get(), called ? readAgain(input) : decoded);
            called = true;
            deathWatch.called(this);
            logPrinted(input, outcome.captured());
            if (outcome instanceof Outcome.Failure failure
                    && failure.cause() instanceof UnreadableEnvException unreadable
                    && !context.env().isEmpty()) {
                // the function did not run: the restored env it was to start from is set aside, the call made again
                state.setAside(unreadable.getMessage());
                context.restoreEnv(new LinkedHashMap<>());
                continue;
            }
            if (outcome instanceof Outcome.Died died) {
                InFlight.Deaths before = deaths;
                deaths = deaths.afterRecorded();
                boolean ends = died.endsProcess() && deathWatch.abandonedCallsEndTheProcess();
                if (rules.blame(deaths)) {
                    join(run, input, function, poison(input, deaths, died.message()));
                    if (!ends) {
                        return after(run, batch, index, deaths, handled);
                    }
                    commit(run, Optional.empty(), handled);
                    died.abandoned().ifPresent(deathWatch::abandoned);
                    return Optional.empty();
                }
                if (ends) {
                    endsBeforeBlaming(input, died, before, run, handled);
                    return Optional.empty();
                }
                log.warn(
                        "{}; calling input {} again (death {} with it; POISON_RETRIES={})",
                        died.message(),
                        describe(input),
                        deaths.recorded(),
                        rules.poisonRetries());
                continue; // the marker must carry the new death before the call: not covered any more
            }
            Ending ending = Ending.of(outcome, input, attempt, attempts);
            join(run, input, function, ending);
            if (!(ending instanceof Ending.Retry)) {
                return after(run, batch, index, deaths, handled);
            }
            attempt++;
        }
    }

    /**
     * A call this JDK cannot stop, whose input is not blamed yet (POISON_RETRIES above 1): what the run did before it
     * is committed with a marker that records this death, and the process ends, to call the input again after the
     * restart.
     */
    private void endsBeforeBlaming(
            Input input, Outcome.Died died, InFlight.Deaths before, Run run, Consumer<Input> handled)
            throws InterruptedException {
        log.error(
                "{}; a death with input {} (POISON_RETRIES={}), which the next process calls again",
                died.message(),
                describe(input),
                rules.poisonRetries());
        InFlight.Calling calling =
                InFlight.Calling.one(input.digest(), input.streamId().orElse(""), before);
        ErrorReport cause = ErrorReport.of(died.cause().getClass().getName(), died.message());
        commitWrites(
                run,
                run.writes().markingNext(records.markerFor(calling, Optional.of(cause))),
                Optional.empty(),
                handled);
        died.abandoned().ifPresent(deathWatch::abandoned);
    }

    /** The ending joins the run, stamped with this moment. */
    private Run join(Run run, Input input, Optional<LoadedFunction> function, Ending ending) {
        Instant now = clock.instant();
        run.add(input, ending, new Ledger(input, function, now, status, state), now);
        return run;
    }

    /** Skipped, for the deaths that blame it. */
    private Ending poison(Input input, InFlight.Deaths deaths, String lastDeath) {
        int count = deaths.recorded() >= rules.poisonRetries() ? deaths.recorded() : deaths.unexplained();
        return new Ending.Poison(poisonMessage(input, deaths, lastDeath), count, liveEnvJson(), context.envForm());
    }

    /**
     * After an input's last ending joined the run: committed now where it must stand alone (a key's value, an entry
     * with deaths before it), is the batch's last, or the run is full; else the next entry joins it.
     */
    private Optional<Run> after(Run run, List<Input> batch, int index, InFlight.Deaths deaths, Consumer<Input> handled)
            throws InterruptedException {
        Input input = batch.get(index);
        boolean alone = input.streamId().isEmpty() || !deaths.none();
        boolean last = index + 1 == batch.size();
        if (!alone && !last && !run.full(rules.runEndings(), rules.runWait())) {
            return Optional.of(run);
        }
        Optional<InFlight.Calling> next = last
                ? Optional.empty()
                : Optional.of(callingFor(batch.get(index + 1), batch, index + 1, deathsOf(batch.get(index + 1))));
        return commit(run, next, handled) ? Optional.of(new Run(context)) : Optional.empty();
    }

    /**
     * Commits the run; the in-flight marker then names {@code next}, the calls that follow at once, or is cleared.
     *
     * @return false when the commit was refused (the lease is another replica's, or the runtime stops): the run's
     *     calls do not count and its inputs must be read again
     */
    private boolean commit(Run run, Optional<InFlight.Calling> next, Consumer<Input> handled)
            throws InterruptedException {
        Writes writes = run.writes();
        if (next.isPresent()) {
            writes = writes.markingNext(records.markerFor(next.get(), Optional.empty()));
        }
        return commitWrites(run, writes, next, handled);
    }

    private boolean commitWrites(Run run, Writes writes, Optional<InFlight.Calling> next, Consumer<Input> handled)
            throws InterruptedException {
        if (!records.commit(writes)) {
            run.rollBack();
            marked = Optional.empty();
            return false;
        }
        if (!(writes.inFlight() instanceof Writes.InFlightMarker.Keep)) {
            marked = next;
        }
        for (Run.Ended ended : run.endings()) {
            committed(ended.input(), ended.ending(), ended.at());
            if (!(ended.ending() instanceof Ending.Retry)) {
                handled.accept(ended.input());
            }
        }
        return true;
    }

    /** The batch ends here: what is done is committed, and a marker set ahead for calls that will not come is cleared. */
    private boolean finish(Run run, Consumer<Input> handled) throws InterruptedException {
        if (!run.isEmpty()) {
            return commit(run, Optional.empty(), handled);
        }
        if (marked.isPresent()) {
            marked = Optional.empty();
            records.commit(Writes.clearMarker());
        }
        return true;
    }

    /** Marks the calls about to start in flight, where no commit could. */
    private boolean mark(InFlight.Calling calling) throws InterruptedException {
        if (!records.markInFlight(calling)) {
            return false;
        }
        marked = Optional.of(calling);
        return true;
    }

    /** Whether the in-flight marker already names this input, with the deaths it carries. */
    private boolean covered(Input input, InFlight.Deaths deaths) {
        if (marked.isEmpty() || input.streamId().isEmpty()) {
            return false;
        }
        InFlight.Calling calling = marked.get();
        String id = input.streamId().get();
        return calling.deaths().equals(deaths)
                && Suspects.compare(calling.streamId(), id) <= 0
                && Suspects.compare(id, calling.lastStreamId()) <= 0;
    }

    /**
     * What the marker names for calls from this input on: the input alone (a key's value, or an entry with deaths
     * before it, which must be told apart), or the entries from it to the end of the batch.
     */
    private InFlight.Calling callingFor(Input input, List<Input> batch, int index, InFlight.Deaths deaths) {
        String id = input.streamId().orElse("");
        if (id.isEmpty() || !deaths.none()) {
            return InFlight.Calling.one(input.digest(), id, deaths);
        }
        String last = id;
        for (int i = index + 1; i < batch.size() && deathsOf(batch.get(i)).none(); i++) {
            last = batch.get(i).streamId().orElse(last);
        }
        return InFlight.Calling.run(input.digest(), id, last);
    }

    /** Once written, the rest of the runtime learns of an ending. */
    private void committed(Input input, Ending ending, Instant at) {
        metrics.invocation(ending.outcome(), ending.took());
        if (ending instanceof Ending.Succeeded success) {
            succeeded(success.call(), at);
        } else if (ending instanceof Ending.CallFailed failed) {
            failed(input, failed);
        } else if (ending instanceof Ending.Poison poison) {
            metrics.poisonInput();
            log.error("poison input skipped: {}", poison.message());
        } else if (ending instanceof Ending.RefusedEntry refused) {
            failures.failed(
                    ending.outcome() + ":" + refused.error().message(),
                    "stream entry " + input.streamId().orElseThrow() + " goes to the dead letters: "
                            + refused.error().message());
        } else if (ending instanceof Ending.Refused refused) {
            failures.failed(
                    ending.outcome() + ":" + refused.error().message(),
                    "call failed (" + ending.outcome().tag() + "): "
                            + refused.error().message() + "; the last output stays in place");
        }
    }

    private void succeeded(Outcome.Success call, Instant at) {
        metrics.succeededAt(at);
        failures.recovered("calls succeed again");
        if (rules.logResults()) {
            log.info(
                    "result (REDIS_OUTPUT_KEY unset, not written): {}",
                    call.output().orElse("(none)"));
        } else {
            log.debug("call took {} ms", call.took().toNanos() / 1e6);
        }
    }

    /** A call that failed: logged once per cause; an entry that went to the dead letters says so. */
    private void failed(Input input, Ending.CallFailed ending) {
        Outcome.Failure failure = ending.call();
        failures.failed(
                failure.kind() + ":" + failure.cause().getClass().getName() + ":" + failure.message(),
                "call failed (" + failure.kind().tag() + "): " + describe(failure.cause())
                        + (ending instanceof Ending.Retry ? "; calling it again" : "; the last output stays in place"));
        if (ending instanceof Ending.GaveUp gaveUp) {
            log.warn(
                    "stream entry {} failed {} times; it is in the dead letters now",
                    input.streamId().orElseThrow(),
                    gaveUp.attempts());
        }
    }

    /** The input as the function gets it: a JSON object, or the reason it cannot be one. */
    private Map<String, Object> decode(Input input) throws InvalidInputException {
        if (input instanceof Input.Unreadable unreadable) {
            throw new InvalidInputException(unreadable.problem());
        }
        if (input instanceof Input.BadEntry bad) {
            throw new InvalidInputException(bad.problem());
        }
        return decoder.decode(input.data().orElseThrow());
    }

    private Map<String, Object> readAgain(Input input) {
        try {
            return decode(input);
        } catch (InvalidInputException e) {
            throw new IllegalStateException("input " + describe(input) + " was read once but not again", e);
        }
    }

    /** Counted once, and the status written once, per input that arrives before any code has loaded. */
    private void withoutCode(Input input) throws InterruptedException {
        if (!input.digest().equals(reportedWithoutCode)) {
            String why = status.codeError().map(ErrorReport::message).orElse("no code found");
            NoFunctionException problem = new NoFunctionException("no version of the function has loaded yet: " + why);
            ErrorReport error = ErrorReport.of(problem.getClass().getName(), problem.getMessage());
            if (records.commit(Writes.status(status.failure(Optional.empty(), error, null, clock.instant())))) {
                metrics.invocation(CallOutcome.NO_FUNCTION, Duration.ZERO);
                failures.failed("no-function:" + why, "an input arrived before any code loaded: " + why);
                reportedWithoutCode = input.digest();
            }
        }
    }

    /** The version that would handle an input now. */
    Optional<LoadedFunction> code() {
        return code.get();
    }

    /**
     * What a previous process left in flight, found when this one became active: it died during those calls, for the
     * cause it recorded or for none it could tell.
     */
    void diedDuring(Optional<InFlight.Marker> marker) {
        suspects = marker.map(Suspects::of).orElse(null);
        marked = Optional.empty();
        marker.ifPresent(m -> {
            InFlight.Deaths deaths = m.deathsNow();
            String owner = m.instance().isEmpty() ? "unknown" : m.instance();
            if (m.cause().isPresent()) {
                log.warn(
                        "the previous process ({}) died during {}: {} (death {} with it; POISON_RETRIES={})",
                        owner,
                        describe(m.calling()),
                        m.cause().get().message(),
                        deaths.recorded(),
                        rules.poisonRetries());
            } else {
                log.warn(
                        "the previous process ({}) died during {}, for no cause it could record (unexplained death {}"
                                + " in a row with {}; {} in a row skip an input)",
                        owner,
                        describe(m.calling()),
                        deaths.unexplained(),
                        m.calling().lastStreamId().equals(m.calling().streamId()) ? "it" : "them",
                        rules.unexplainedDeaths());
            }
        });
    }

    /** The deaths an input was in flight for: those of a suspect; none for any other. */
    private InFlight.Deaths deathsOf(Input input) {
        return suspects != null && suspects.cover(input) ? suspects.deaths() : InFlight.Deaths.NONE;
    }

    /** Once a key's value is handled, or an entry past every suspect: none of them can come again. */
    private void forgetSuspectsBefore(Input input) {
        if (suspects != null && (input.streamId().isEmpty() || suspects.allBefore(input))) {
            suspects = null;
        }
    }

    private String poisonMessage(Input input, InFlight.Deaths deaths, String lastDeath) {
        String how = deaths.recorded() >= rules.poisonRetries()
                ? "the process died " + times(deaths.recorded()) + " during calls with this input"
                        + (lastDeath.isEmpty() ? "" : " (" + lastDeath + ")")
                : "the process died " + times(deaths.unexplained()) + " in a row, for no cause it could record, while"
                        + " this input was in flight";
        return how + " (" + Digest.abbreviate(input.digest())
                + input.streamId().map(id -> ", stream entry " + id).orElse("") + "), so it is skipped (POISON_RETRIES="
                + rules.poisonRetries() + "); the last output stays, and the next new value is handled normally";
    }

    private static String times(int count) {
        return count + (count == 1 ? " time" : " times");
    }

    private static String describe(InFlight.Calling calling) {
        String what = "a call with input " + Digest.abbreviate(calling.digest());
        if (calling.streamId().isEmpty()) {
            return what;
        }
        return calling.lastStreamId().equals(calling.streamId())
                ? what + ", stream entry " + calling.streamId()
                : "calls with stream entries " + calling.streamId() + " to " + calling.lastStreamId();
    }

    private static String describe(Input input) {
        return Digest.abbreviate(input.digest())
                + input.streamId().map(id -> " (stream entry " + id + ")").orElse("");
    }

    /** What a call printed, logged once with the call it belongs to, on one line (its line breaks shown as \n). */
    private static void logPrinted(Input input, Captured captured) {
        if (captured.isEmpty()) {
            return;
        }
        String call = Digest.abbreviate(input.digest())
                + input.streamId().map(id -> " (entry " + id + ")").orElse("");
        if (!captured.stdout().isEmpty() || captured.stdoutMore() > 0) {
            printed.info(
                    "call with {} printed to stdout: {}",
                    call,
                    oneLine(Captured.shown(captured.stdout(), captured.stdoutMore())));
        }
        if (!captured.stderr().isEmpty() || captured.stderrMore() > 0) {
            printed.info(
                    "call with {} printed to stderr: {}",
                    call,
                    oneLine(Captured.shown(captured.stderr(), captured.stderrMore())));
        }
    }

    private static String oneLine(String text) {
        return text.stripTrailing().replace("\r", "\\r").replace("\n", "\\n");
    }

    private String liveEnvJson() {
        try {
            return json.writeValueAsString(context.env());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the live env was read from JSON and always writes back", e);
        }
    }

    private static String describe(Throwable error) {
        return error instanceof Exception && error.getClass().getName().startsWith("io.fnpulse.runtime.")
                ? error.getMessage()
                : error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    }
}
