package io.fnpulse.runtime.trigger;

import io.fnpulse.service.redis.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisClient;

/**
 * {@code TRIGGER=notify}: subscribes to the keyspace notifications of the input key and wakes the loop on each,
 * so a change is handled within milliseconds instead of at the next poll. It is only a hint: the poll stays on
 * and the loop still compares content, so a notification lost in a reconnect costs at most one poll interval and
 * a duplicate costs one GET.
 */
public final class KeyspaceListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceListener.class);

    private final RedisClient redis;
    private final String channel;
    private final Ticker ticker;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    private final Thread thread;
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;
    private boolean reportedOff;

    public KeyspaceListener(RedisClient redis, String inputKey, Ticker ticker) {
        this.redis = redis;
        this.channel = "__keyspace@0__:" + inputKey;
        this.ticker = ticker;
        this.thread = new Thread(this::listen, "keyspace-listener");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void listen() {
        while (running) {
            try {
                warnIfNotificationsAreOff();
                JedisPubSub pubSub = new JedisPubSub() {
                    @Override
                    public void onSubscribe(String subscribed, int count) {
                        backoff.reset();
                        log.info("subscribed to {}: a change of the input wakes the runtime at once", subscribed);
                        ticker.wake(); // whatever changed while we were not subscribed
                    }

                    @Override
                    public void onMessage(String from, String event) {
                        ticker.wake();
                    }
                };
                subscription = pubSub;
                redis.subscribe(pubSub, channel);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Duration delay = backoff.nextDelay();
                log.debug("keyspace subscription lost ({}); resubscribing in {} ms", e.getMessage(), delay.toMillis());
                sleep(delay);
            }
        }
    }

    /** Notifications are a server setting; say so once when they are off instead of waiting silently. */
    private void warnIfNotificationsAreOff() {
        String flags;
        try {
            Map<String, String> config = redis.configGet("notify-keyspace-events");
            flags = config.getOrDefault("notify-keyspace-events", "");
        } catch (RuntimeException e) {
            if (!reportedOff) {
                log.info("cannot read notify-keyspace-events ({}); relying on notifications if the server sends them, "
                        + "and polling every {} s", e.getMessage(), ticker.interval().toMillis() / 1000.0);
                reportedOff = true;
            }
            return;
        }
        boolean keyspace = flags.contains("K");
        boolean stringEvents = flags.contains("A") || flags.contains("$") || flags.contains("g");
        if ((!keyspace || !stringEvents) && !reportedOff) {
            log.warn("TRIGGER=notify, but the server has keyspace notifications off (notify-keyspace-events='{}'); "
                    + "set it to K$ (or KEA) to be woken within milliseconds. Polling every {} s meanwhile",
                    flags, ticker.interval().toMillis() / 1000.0);
            reportedOff = true;
        }
    }

    private void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    List<String> channels() {
        return List.of(channel);
    }

    @Override
    public void close() {
        running = false;
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                // the connection is already gone
            }
        }
        thread.interrupt();
    }
}
