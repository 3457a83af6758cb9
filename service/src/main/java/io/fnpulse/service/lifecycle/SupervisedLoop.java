package io.fnpulse.service.lifecycle;

import io.fnpulse.service.log.FailureLog;
import io.fnpulse.service.redis.Backoff;
import io.fnpulse.service.text.Seconds;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A work loop on a thread of its own that nothing but a stop request or an {@link OutOfMemoryError} ends. Each turn
 * beats the heartbeat and runs; whatever a turn throws is counted, logged once per cause with its stack trace, and
 * followed by a backoff pause before the next turn. An {@code OutOfMemoryError} is left to end the thread, so that it
 * reaches the process's {@link OutOfMemoryExit}: after one, nothing in the heap can be trusted.
 */
public final class SupervisedLoop implements AutoCloseable {

    /** One turn of the loop, its waiting included. */
    @FunctionalInterface
    public interface Turn {
        void run() throws Exception;
    }

    private final Heartbeat heartbeat;
    private final Turn turn;
    private final Backoff afterError;
    private final FailureLog failures;
    private final Thread thread;
    private volatile boolean running = true;

    private SupervisedLoop(Heartbeat heartbeat, Turn turn, Backoff afterError) {
        this.heartbeat = heartbeat;
        this.turn = turn;
        this.afterError = afterError;
        this.failures = new FailureLog(LoggerFactory.getLogger("io.fnpulse.loop." + heartbeat.loop()));
        this.thread = new Thread(this::run, heartbeat.loop());
        this.thread.setDaemon(true);
    }

    /** Starts the loop on a daemon thread named after it. */
    public static SupervisedLoop start(Heartbeat heartbeat, Turn turn, Backoff afterError) {
        SupervisedLoop loop = new SupervisedLoop(heartbeat, turn, afterError);
        heartbeat.beat(); // its clock starts now, not when the loop was registered
        loop.thread.start();
        return loop;
    }

    private void run() {
        String endedBecause = "stopped";
        try {
            while (running) {
                heartbeat.beat();
                try {
                    turn.run();
                    if (failures.recovered("loop '" + heartbeat.loop() + "' turns without errors again")) {
                        afterError.reset();
                    }
                } catch (InterruptedException e) {
                    if (!running) {
                        break;
                    }
                    Thread.interrupted();
                } catch (OutOfMemoryError e) {
                    throw e;
                } catch (Throwable e) {
                    survive(e);
                }
            }
        } catch (Throwable fatal) {
            endedBecause = fatal.toString();
            throw fatal;
        } finally {
            heartbeat.ended(endedBecause);
        }
    }

    private void survive(Throwable error) {
        heartbeat.survived(error);
        Duration pause = afterError.nextDelay();
        failures.failed(
                error.toString(),
                "loop '" + heartbeat.loop() + "' caught " + error + "; it goes on after " + Seconds.of(pause) + " s",
                error);
        heartbeat.beatWithin(pause.plusSeconds(1));
        try {
            TimeUnit.NANOSECONDS.sleep(pause.toNanos());
        } catch (InterruptedException e) {
            if (running) {
                Thread.interrupted();
            }
        }
    }

    /** Asks the loop to end after the turn in progress; the caller wakes whatever the turn waits on. */
    public void stop() {
        running = false;
    }

    /** Waits for the loop's thread to end. */
    public boolean join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    /** Stops the loop, interrupting whatever it waits on, and waits up to 5 s for it to end. */
    @Override
    public void close() {
        stop();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }
}
