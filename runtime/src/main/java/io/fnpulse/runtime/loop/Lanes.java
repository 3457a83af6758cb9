package io.fnpulse.runtime.loop;

import io.fnpulse.service.lifecycle.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Serves the instances of one turn a few at a time. Instances share nothing but the function, and most of serving
 * one is waiting on Redis (the read, the commit), so with many keys a handful of lanes overlap those waits; calls into
 * the function still run one at a time on its worker. Each instance is served by one lane, its inputs in order, and
 * the turn ends when every lane is done, so two turns never serve the same instance at once.
 */
final class Lanes implements AutoCloseable {

    /** Serving one item; what it throws ends its lane's share of the turn. */
    interface Work<T> {
        void serve(T item) throws InterruptedException;
    }

    private final int width;
    private final ExecutorService executor;

    Lanes(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("at least one lane");
        }
        this.width = width;
        this.executor =
                width == 1 ? null : Executors.newFixedThreadPool(width, DaemonThreads.numbered("fnpulse-lane-"));
    }

    /**
     * Serves every item, spread over the lanes, and waits for all of them. A Redis failure stops its lane (the
     * others finish the item they are on, then stop too if Redis is gone for them as well) and is returned, so the
     * loop backs off once; anything else a lane throws is thrown here, to the loop's supervisor.
     */
    <T> JedisException serveAll(List<T> items, Work<T> work) throws InterruptedException {
        if (executor == null || items.size() <= 1) {
            return serveInOrder(items, work);
        }
        int lanes = Math.min(width, items.size());
        List<List<T>> shares = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            shares.get(i % lanes).add(items.get(i));
        }
        List<Future<JedisException>> running = new ArrayList<>();
        for (List<T> share : shares) {
            running.add(executor.submit(() -> serveInOrder(share, work)));
        }
        JedisException firstFailure = null;
        try {
            for (Future<JedisException> lane : running) {
                JedisException failure = lane.get();
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
        } catch (InterruptedException e) {
            running.forEach(lane -> lane.cancel(true));
            throw e;
        } catch (ExecutionException e) {
            running.forEach(lane -> lane.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        return firstFailure;
    }

    private static <T> JedisException serveInOrder(List<T> items, Work<T> work) throws InterruptedException {
        for (T item : items) {
            try {
                work.serve(item);
            } catch (JedisException e) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
