package io.fnpulse.runtime.worker;

import io.fnpulse.runtime.worker.UserCodeFailure.TimedOut.Ending;
import io.fnpulse.service.time.Durations;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread on which one loaded version of the function runs its code — class initialisation, constructor and
 * every call — always under a deadline. It lives in a thread group of its own, so the threads the function starts
 * belong to the version: they are counted ({@link #startedThreads()}) and interrupted when the version is closed. Its
 * context class loader is the version's, so the function sees its own classes and never the runtime's.
 *
 * <p>Code that runs past its deadline is interrupted; if it ignores that it is stopped with {@code Thread.stop} where
 * the JDK still allows it (17 to 19); failing that its thread is abandoned to it and the worker starts a new one, so
 * the next call goes on at once. An abandonment is reported as an {@link AbandonedCall}, which says whether the JDK
 * could have stopped the thread at all: from Java 20 on it cannot, and the thread runs on for the life of the process
 * ({@link AbandonedCall#endsProcess()}). An {@link OutOfMemoryError} in the code is rethrown to the caller as it is:
 * the process cannot go on after one (see the service kit's {@code OutOfMemoryExit}).
 */
public final class FunctionWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FunctionWorker.class);
    private static final Duration STOP_GRACE = Duration.ofMillis(500);

    private final String name;
    private final ThreadGroup group;
    private final ClassLoader classLoader;
    private final Consumer<AbandonedCall> onAbandoned;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private ExecutorService executor;
    private volatile Thread thread;

    /**
     * @param name        the version's name, e.g. {@code function-1a2b3c4d5e6f}: the thread group's and the thread's
     * @param onAbandoned told each time a thread is left to code that could not be stopped
     */
    public FunctionWorker(String name, ClassLoader classLoader, Consumer<AbandonedCall> onAbandoned) {
        this.name = name;
        this.group = new FunctionThreads(name);
        this.classLoader = classLoader;
        this.onAbandoned = onAbandoned;
        this.executor = newExecutor();
    }

    /** @param onAbandoned told each time a thread is left to code that could not be stopped */
    public FunctionWorker(String name, ClassLoader classLoader, Runnable onAbandoned) {
        this(name, classLoader, abandoned -> onAbandoned.run());
    }

    /** The thread group of one version: every thread its code runs on or starts. */
    private static final class FunctionThreads extends ThreadGroup {
        FunctionThreads(String name) {
            super(name);
        }
    }

    /** Whether a thread belongs to a function: a worker, or one the function started (or abandoned ones). */
    public static boolean isFunctionThread(Thread thread) {
        return thread.getThreadGroup() instanceof FunctionThreads;
    }

    /** The longest a call of {@link #run} can take beyond its timeout, getting rid of code that overran. */
    public static Duration overrunAllowance() {
        return Durations.times(STOP_GRACE, 2);
    }

    /**
     * Runs user code on the worker and waits for it, at most {@code timeout}.
     *
     * @throws UserCodeFailure.Threw    what the code threw (never an {@link OutOfMemoryError}, which is rethrown)
     * @throws UserCodeFailure.TimedOut it ran past {@code timeout}
     * @throws InterruptedException     the caller was interrupted while it waited; the code is interrupted too
     */
    public synchronized <T> T run(Callable<T> code, Duration timeout) throws UserCodeFailure, InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Future<T> result = executor.submit(() -> {
            try {
                return code.call();
            } finally {
                finished.countDown();
            }
        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OutOfMemoryError oom) {
                throw oom;
            }
            throw new UserCodeFailure.Threw(cause);
        } catch (TimeoutException e) {
            throw endOverrun(result, finished, timeout);
        } catch (InterruptedException e) {
            result.cancel(true);
            throw e;
        }
    }

    /**
     * Code that spins without ever checking for interruption would keep a core busy forever. {@code Thread.stop} is
     * the only way to end it from outside; JDKs from 20 on refuse it, and then the thread is abandoned at once.
     */
    private UserCodeFailure.TimedOut endOverrun(Future<?> result, CountDownLatch finished, Duration timeout) {
        result.cancel(true);
        if (awaitQuietly(finished)) {
            return new UserCodeFailure.TimedOut(timeout, Ending.INTERRUPTED, null);
        }
        Thread stuck = thread;
        if (stuck != null && ThreadStop.stop(stuck) && awaitQuietly(finished)) {
            return new UserCodeFailure.TimedOut(timeout, Ending.STOPPED, null);
        }
        ExecutorService abandoned = executor;
        executor = newExecutor();
        abandoned.shutdownNow();
        AbandonedCall call = new AbandonedCall(stuck == null ? name : stuck.getName(), timeout, ThreadStop.available());
        if (call.stoppable()) {
            log.warn(
                    "thread {} ignored both the interrupt and Thread.stop; it is left running and counted in"
                            + " fnpulse_calls_abandoned_total",
                    call.thread());
        } else {
            log.warn(
                    "thread {} ignored the interrupt, and Java {} cannot stop a thread; it is left running for the"
                            + " life of the process and counted in fnpulse_calls_abandoned_total",
                    call.thread(),
                    Runtime.version().feature());
        }
        onAbandoned.accept(call);
        return new UserCodeFailure.TimedOut(timeout, Ending.ABANDONED, call);
    }

    private ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread created = new Thread(group, runnable, name + "-" + threadNumber.incrementAndGet());
            created.setDaemon(true);
            created.setContextClassLoader(classLoader);
            thread = created;
            return created;
        });
    }

    /** Live threads of this version other than the worker itself: those the function started, and abandoned ones. */
    public int startedThreads() {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int count = group.enumerate(threads, true);
        int started = 0;
        Thread worker = thread;
        for (int i = 0; i < count; i++) {
            if (threads[i] != worker && threads[i].isAlive()) {
                started++;
            }
        }
        return started;
    }

    /** Ends the worker thread and interrupts every thread the function started. */
    @Override
    public synchronized void close() {
        executor.shutdownNow();
        group.interrupt();
        try {
            if (executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS) && group.activeCount() == 0) {
                destroy(group);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On Java 17 an empty group stays listed in its parent until destroyed; later JDKs make this a no-op. */
    @SuppressWarnings({"removal", "deprecation"})
    private static void destroy(ThreadGroup group) {
        try {
            group.destroy();
        } catch (IllegalThreadStateException e) {
            // a thread the function started is still ending; the empty group costs a few bytes
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(STOP_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
