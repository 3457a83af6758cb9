package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.load.JavaFunction;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.state.EnvForm;
import io.fnpulse.runtime.worker.AbandonedCall;
import io.fnpulse.runtime.worker.UserCodeFailure;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.text.Seconds;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one call of the function on its version's worker, under the deadline, with an env of its own. Whatever
 * happens the caller gets an {@link Outcome}: a success carries the output and the normalised env, ready to be
 * committed; a failure leaves the live env as it was, since the call only ever wrote into its own copy.
 *
 * <p>A {@link JavaFunction} runs here, on its worker thread; an {@link ExternalFunction} (Python) is handed the call
 * and the live env, and runs it in its own process to the same kind of outcome.
 */
public final class Invoker {

    private final RuntimeContext context;
    private final Duration timeout;
    private final JsonEncoder encoder = new JsonEncoder();
    private final EnvCodec envCodec;
    private final int captureBytes;

    /** @param captureBytes what a call may print to each of System.out and System.err that is kept with it */
    public Invoker(RuntimeContext context, Duration timeout, ObjectMapper plain, int captureBytes) {
        this.context = context;
        this.timeout = timeout;
        this.envCodec = new EnvCodec(encoder, plain);
        this.captureBytes = captureBytes;
    }

    /**
     * Calls the function; an {@link OutOfMemoryError} in it comes out as is (the process must end), everything
     * else becomes the outcome.
     *
     * @throws InterruptedException when the runtime is interrupted while the call runs (the call is interrupted too)
     */
    public Outcome invoke(LoadedFunction function, Map<String, Object> input) throws InterruptedException {
        if (function instanceof ExternalFunction external) {
            return callExternal(external, input);
        }
        if (!(function instanceof JavaFunction java)) {
            throw new IllegalArgumentException(
                    "no way to call a " + function.getClass().getName());
        }
        return callJava(java, input);
    }

    private Outcome callExternal(ExternalFunction function, Map<String, Object> input) throws InterruptedException {
        Instant modified = context.functionGetmtime();
        ExternalCall.Facts facts = new ExternalCall.Facts(
                context.host(),
                context.port(),
                context.inputKey(),
                Optional.ofNullable(context.outputKey()),
                modified != null ? modified : function.modifiedAt(),
                Optional.ofNullable(context.lastExecution()));
        // not counted in context.calls(): that tells a System.exit of the function's, which code in another process
        // cannot make; the JVM exiting while a worker runs a call is the runtime's own shutdown
        return function.call(
                new ExternalCall(input, facts, context.liveEnv(function.envForm()), timeout, captureBytes));
    }

    private Outcome callJava(JavaFunction function, Map<String, Object> input) throws InterruptedException {
        long start = System.nanoTime();
        CallScope scope = context.newCall(start + timeout.toNanos(), captureBytes);
        context.calls().started();
        try {
            Outcome.Success success = function.worker().run(() -> call(function, input, scope, start), timeout);
            return success.withCaptured(scope.output().end());
        } catch (UserCodeFailure.TimedOut timedOut) {
            HandlerTimeoutException timeout = new HandlerTimeoutException(timeoutMessage(timedOut));
            if (timedOut.abandoned().filter(AbandonedCall::endsProcess).isPresent()) {
                return new Outcome.Died(timeout, since(start), scope.output().end(), timedOut.abandoned());
            }
            return new Outcome.Failure(
                    CallOutcome.TIMEOUT, timeout, since(start), scope.output().end());
        } catch (UserCodeFailure threw) {
            return failure(threw.getCause(), start, scope.output().end());
        } finally {
            context.calls().ended();
        }
    }

    /** On the worker: the function, then the encoding of what it returned and of the env it left. */
    private Outcome.Success call(JavaFunction function, Map<String, Object> input, CallScope scope, long start)
            throws Exception {
        Object result;
        context.enter(scope);
        try {
            result = function.invoke(input, context);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Exception | Error e) {
            throw new FunctionThrew(e);
        } finally {
            context.enter(null);
        }
        Optional<String> output = encoder.output(function.json(), result);
        EnvCodec.Normalised env = envCodec.normalise(scope.env(), function.json());
        return new Outcome.Success(output, env.json(), env.env(), EnvForm.JSON, since(start), Captured.NOTHING);
    }

    private Outcome failure(Throwable cause, long start, Captured printed) {
        if (cause instanceof FunctionThrew threw) {
            return new Outcome.Failure(CallOutcome.FUNCTION_ERROR, threw.getCause(), since(start), printed);
        }
        if (cause instanceof InvalidResultException invalid) {
            return new Outcome.Failure(CallOutcome.BAD_RESULT, invalid, since(start), printed);
        }
        if (cause instanceof InvalidEnvException invalid) {
            return new Outcome.Failure(CallOutcome.BAD_ENV, invalid, since(start), printed);
        }
        return new Outcome.Failure(CallOutcome.FUNCTION_ERROR, cause, since(start), printed);
    }

    private static String timeoutMessage(UserCodeFailure.TimedOut timedOut) {
        String limit = "the call ran past the " + Seconds.of(timedOut.timeout()) + " s timeout";
        return switch (timedOut.ending()) {
            case INTERRUPTED -> limit + " and was interrupted";
            case STOPPED -> limit + ", ignored the interrupt and was stopped";
            case ABANDONED ->
                timedOut.abandoned().filter(AbandonedCall::endsProcess).isPresent()
                        ? limit + ", ignored the interrupt, and Java "
                                + Runtime.version().feature()
                                + " cannot stop its thread: the process ends once no other call runs, so that a"
                                + " restart frees it"
                        : limit + ", ignored the interrupt and was abandoned on its thread; the next call runs on a"
                                + " new one";
        };
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Marks an exception as the function's own, as opposed to one from serialising what it returned. */
    private static final class FunctionThrew extends Exception {
        FunctionThrew(Throwable cause) {
            super(cause);
        }
    }
}
