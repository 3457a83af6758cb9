package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.runtime.load.LoadedFunction;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one call of the function on a worker thread, under a deadline. Whatever happens, the caller gets an
 * {@link Outcome}: a failed call has its env changes rolled back; a call past its deadline is interrupted and, if
 * it does not stop, abandoned to a fresh worker so that the next input goes on at once.
 */
public final class Invoker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Invoker.class);
    private static final Duration STOP_GRACE = Duration.ofMillis(500);

    private final RuntimeContext context;
    private final Duration timeout;
    private final JsonEncoder encoder;
    private final AtomicInteger workers = new AtomicInteger();
    private final Runnable onAbandoned;
    private ExecutorService worker;
    private volatile Thread workerThread;
    private Map<String, Object> envBeforeLastCall = Map.of();

    public Invoker(RuntimeContext context, Duration timeout, ObjectMapper json, Runnable onAbandoned) {
        this.context = context;
        this.timeout = timeout;
        this.encoder = new JsonEncoder(json);
        this.onAbandoned = onAbandoned;
        this.worker = newWorker();
    }

    public Outcome invoke(LoadedFunction function, Map<String, Object> input) {
        Map<String, Object> before = JsonValues.copyOf(context.env());
        envBeforeLastCall = before;
        long start = System.nanoTime();
        context.startCall(start + timeout.toNanos());
        CountDownLatch finished = new CountDownLatch(1);
        Future<Outcome.Success> call = worker.submit(() -> {
            try {
                return callOnWorker(function, input, start);
            } finally {
                finished.countDown();
            }
        });
        try {
            return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            context.restoreEnvInPlace(before);
            return failure(e.getCause(), start);
        } catch (TimeoutException e) {
            return abandon(call, finished, before, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            context.replaceEnv(before);
            return new Outcome.Failure(FailureKind.TIMEOUT,
                    new HandlerTimeoutException("the runtime was interrupted while the call ran"), since(start));
        }
    }

    private Outcome.Success callOnWorker(LoadedFunction function, Map<String, Object> input, long start) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(function.classLoader());
        Object result;
        try {
            result = function.invoke(input, context);
        } catch (Exception | Error e) {
            throw new FunctionThrew(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        Optional<String> output = encoder.output(result);
        String envJson = encoder.env(context.env());
        return new Outcome.Success(output, envJson, since(start));
    }

    private Outcome failure(Throwable cause, long start) {
        if (cause instanceof FunctionThrew threw) {
            return new Outcome.Failure(FailureKind.FUNCTION_ERROR, threw.getCause(), since(start));
        }
        if (cause instanceof InvalidResultException invalid) {
            boolean env = invalid.getMessage().startsWith("context.env");
            return new Outcome.Failure(env ? FailureKind.BAD_ENV : FailureKind.BAD_RESULT, invalid, since(start));
        }
        return new Outcome.Failure(FailureKind.FUNCTION_ERROR, cause, since(start));
    }

    private Outcome abandon(Future<?> call, CountDownLatch finished, Map<String, Object> before, long start) {
        call.cancel(true);
        boolean stopped = awaitQuietly(finished, STOP_GRACE);
        if (!stopped) {
            stopped = forceStop(finished);
        }
        HandlerTimeoutException error;
        if (stopped) {
            context.restoreEnvInPlace(before);
            error = new HandlerTimeoutException("the call ran past the " + seconds(timeout) + " s timeout and was interrupted");
        } else {
            context.replaceEnv(before);
            ExecutorService stuck = worker;
            worker = newWorker();
            stuck.shutdownNow();
            onAbandoned.run();
            error = new HandlerTimeoutException("the call ran past the " + seconds(timeout)
                    + " s timeout, ignored the interrupt and was abandoned on its thread; the next call runs on a new one");
        }
        return new Outcome.Failure(FailureKind.TIMEOUT, error, since(start));
    }

    /**
     * A function spinning without ever checking for interruption would keep a core busy forever. Thread.stop is
     * the only way to end it from outside; JDKs from 20 on refuse it, and then the thread is abandoned instead.
     */
    private boolean forceStop(CountDownLatch finished) {
        Thread thread = workerThread;
        if (thread == null) {
            return false;
        }
        try {
            Thread.class.getMethod("stop").invoke(thread);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("Thread.stop is not available on this JDK: {}", e.toString());
            return false;
        }
        return awaitQuietly(finished, STOP_GRACE);
    }

    private ExecutorService newWorker() {
        int number = workers.incrementAndGet();
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "function-" + number);
            thread.setDaemon(true);
            workerThread = thread;
            return thread;
        });
    }

    private static boolean awaitQuietly(CountDownLatch latch, Duration wait) {
        try {
            return latch.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Puts the env back to where it was before the last call, whose result could not be written. */
    public void undoLastCall() {
        context.restoreEnvInPlace(JsonValues.copyOf(envBeforeLastCall));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** Marks an exception as the function's own, as opposed to one from serialising what it returned. */
    private static final class FunctionThrew extends Exception {
        FunctionThrew(Throwable cause) {
            super(cause);
        }
    }
}
