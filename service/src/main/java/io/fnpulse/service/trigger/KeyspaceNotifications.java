package io.fnpulse.service.trigger;

import io.fnpulse.service.lifecycle.DaemonThreads;
import io.fnpulse.service.redis.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code TRIGGER=notify}: listens on {@code __keyspace@0__:<key>} (or, for a pattern, PSUBSCRIBEs to
 * {@code __keyspace@0__:<glob>}) over a connection of its own, opened for each subscription and closed with it, never
 * one of a pool (so no command ever lands on a subscribed connection), and calls {@code onWrite}
 * whenever the key is written — and once more on every (re)subscription, for what changed while it was not
 * listening — so the runtime handles a new input, and the dashboard charts a new output, within milliseconds instead
 * of up to one poll later. It is only a hint: the poll still reads the value and keeps running on its timer, so a
 * notification lost in a reconnect costs at most one poll interval and a duplicate one read.
 *
 * <p>The server's {@code notify-keyspace-events} is checked, never changed: fnpulse is a guest on a Redis that others
 * own (and managed Redis services often refuse CONFIG SET). When notifications are off it says so once, with the
 * setting to use, and stays subscribed so it starts waking its reader as soon as someone turns them on. After a lost
 * connection it subscribes again.
 */
public final class KeyspaceNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceNotifications.class);
    private static final String SETTING = "notify-keyspace-events";

    private static final String KEYSPACE = "__keyspace@0__:";

    /** The keyspace event class of string commands (SET). */
    public static final char STRINGS = '$';
    /** The keyspace event class of stream commands (XADD). */
    public static final char STREAMS = 't';

    /** What the server's setting means for us. */
    public enum ServerSetting {
        UNKNOWN,
        ON,
        OFF
    }

    private final Supplier<Jedis> connections;
    private final String channel;
    private final String key;
    private final Consumer<String> onWrite;
    private final boolean pattern;
    private final Backoff backoff;
    private final char eventClass;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean subscribed;
    private volatile ServerSetting setting = ServerSetting.UNKNOWN;
    private volatile JedisPubSub current;
    private volatile Jedis connection;
    private ServerSetting reported;
    private boolean lost;

    /**
     * For a string key, whose writes are the {@code $} class of keyspace events.
     *
     * @param connections opens the connection each subscription has to itself (see RedisSettings#openSubscriber)
     */
    public KeyspaceNotifications(Supplier<Jedis> connections, String key, Runnable onWrite, Backoff backoff) {
        this(connections, key, false, STRINGS, written -> onWrite.run(), backoff);
    }

    /**
     * @param keyOrPattern a key, or with {@code pattern} a glob such as {@code metrics:*} (PSUBSCRIBE)
     * @param eventClass   the class of events a write of the key produces: {@link #STRINGS} or {@link #STREAMS}
     * @param onWrite      told the key written, or null after a (re)subscription: anything may have changed
     */
    public KeyspaceNotifications(
            Supplier<Jedis> connections,
            String keyOrPattern,
            boolean pattern,
            char eventClass,
            Consumer<String> onWrite,
            Backoff backoff) {
        this.connections = connections;
        this.pattern = pattern;
        this.eventClass = eventClass;
        this.channel = KEYSPACE + keyOrPattern;
        this.key = keyOrPattern;
        this.onWrite = onWrite;
        this.backoff = backoff;
        this.thread = DaemonThreads.daemon(this::loop, "keyspace-notify");
    }

    public void start() {
        thread.start();
    }

    public boolean subscribed() {
        return subscribed;
    }

    public ServerSetting serverSetting() {
        return setting;
    }

    private void loop() {
        while (running) {
            try (Jedis opened = connections.get()) {
                connection = opened;
                checkServerSetting(opened);
                JedisPubSub listener = new Listener();
                current = listener;
                if (!running) {
                    return;
                }
                if (pattern) {
                    opened.psubscribe(listener, channel);
                } else {
                    opened.subscribe(listener, channel);
                }
            } catch (JedisException e) {
                if (!lost && running) {
                    log.warn(
                            "keyspace notifications for {} lost ({}); polling goes on, subscribing again",
                            channel,
                            e.getMessage());
                }
                lost = true;
            } finally {
                subscribed = false;
                current = null;
                connection = null;
            }
            if (!running || !pause(backoff.nextDelay())) {
                return;
            }
        }
    }

    private void checkServerSetting(Jedis redis) {
        ServerSetting now;
        String value = null;
        try {
            Map<String, String> config = redis.configGet(SETTING);
            value = config.getOrDefault(SETTING, "");
            now = covers(value, eventClass) ? ServerSetting.ON : ServerSetting.OFF;
        } catch (JedisConnectionException e) {
            throw e;
        } catch (JedisException e) {
            now = ServerSetting.UNKNOWN;
            value = e.getMessage();
        }
        setting = now;
        if (now != reported) {
            reported = now;
            switch (now) {
                case ON ->
                    log.info(
                            "keyspace notifications are on ({}='{}'): a write to {} wakes us at once",
                            SETTING,
                            value,
                            key);
                case OFF ->
                    log.warn(
                            "keyspace notifications are off on the server ({}='{}'), so only the poll"
                                    + " interval wakes us for {}; to be woken on every write run: CONFIG SET {} K{} (or add K and"
                                    + " {} to the setting)",
                            SETTING,
                            value,
                            key,
                            SETTING,
                            eventClass,
                            eventClass);
                case UNKNOWN -> {
                    // An ACL user of least privilege (fnpulse's own Redis) may not run CONFIG: expected, not a fault.
                    if (value != null && value.startsWith("NOPERM")) {
                        log.info(
                                "this Redis user may not read {} (no CONFIG permission); subscribed to {} anyway,"
                                        + " polling goes on",
                                SETTING,
                                channel);
                    } else {
                        log.warn("cannot read {} ({}); subscribed anyway, polling goes on", SETTING, value);
                    }
                }
            }
        }
    }

    /** Keyspace events ('K') for string commands ('$', or 'A' for all classes) are what a SET of the key produces. */
    public static boolean covers(String setting) {
        return covers(setting, STRINGS);
    }

    /** Keyspace events ('K') of the given class (or 'A', all classes). */
    public static boolean covers(String setting, char eventClass) {
        return setting.indexOf('K') >= 0 && (setting.indexOf(eventClass) >= 0 || setting.indexOf('A') >= 0);
    }

    private boolean pause(Duration delay) {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String name, int count) {
            subscribed(name);
        }

        @Override
        public void onPSubscribe(String name, int count) {
            subscribed(name);
        }

        private void subscribed(String name) {
            subscribed = true;
            backoff.reset();
            log.info(lost ? "subscribed to {} again" : "subscribed to {}", name);
            lost = false;
            onWrite.accept(null); // whatever was written while we were not listening
        }

        @Override
        public void onMessage(String name, String event) {
            onWrite.accept(key);
        }

        @Override
        public void onPMessage(String subscribedPattern, String name, String event) {
            onWrite.accept(name.substring(KEYSPACE.length()));
        }
    }

    /** Ends the subscription (PUNSUBSCRIBE for a pattern) and closes its connection, then waits for the thread. */
    @Override
    public void close() {
        running = false;
        JedisPubSub listener = current;
        if (listener != null && listener.isSubscribed()) {
            try {
                if (pattern) {
                    listener.punsubscribe();
                } else {
                    listener.unsubscribe();
                }
            } catch (JedisException e) {
                // the connection is gone already, which ends the subscription just as well
            }
        }
        Jedis open = connection;
        if (open != null) {
            open.close(); // ends a read that the unsubscription's reply has not ended yet
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
