package io.fnpulse.dashboard.push;

import java.util.ArrayDeque;
import java.util.List;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One browser's WebSocket, written without ever blocking the caller. Jetty's session accepts every frame it is given
 * and, when the browser stops reading, queues them without bound; so this channel hands Jetty one frame at a time and
 * keeps at most {@link #QUEUE_LIMIT} more. A browser that falls further behind has its queue dropped and, once it
 * reads again, gets a {@code resync} frame, after which it fetches what it missed from the history. A slow browser
 * therefore costs bounded memory and never delays the others.
 */
public final class ClientChannel {

    public static final int QUEUE_LIMIT = 64;

    /** What the fan-out hears about this channel. */
    public interface Listener {
        void dropped(ClientChannel channel, int frames);

        void resyncSent(ClientChannel channel);

        void failed(ClientChannel channel, Throwable error);
    }

    private final Session session;
    private final String name;
    private final Listener listener;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean sending;
    private boolean resyncDue;
    private boolean closed;

    public ClientChannel(Session session, String name, Listener listener) {
        this.session = session;
        this.name = name;
        this.listener = listener;
    }

    /**
     * Queues what is offered, sending nothing, until {@link #release}: a joining browser is added to the fan-out at
     * once, under the feed's lock, while its history frame is built after that lock is let go.
     */
    public void hold() {
        synchronized (this) {
            sending = true;
        }
    }

    /** Sends {@code first} in order, then whatever was queued while held. */
    public void release(List<String> first) {
        String next;
        synchronized (this) {
            if (closed) {
                return;
            }
            for (int i = first.size() - 1; i >= 0; i--) {
                queue.addFirst(first.get(i));
            }
            next = queue.poll();
            if (next == null) {
                sending = false;
                return;
            }
        }
        transmit(next);
    }

    /** Sends or queues a frame and returns at once, whatever the browser does. */
    public void offer(String frame) {
        boolean transmitNow = false;
        int dropped = 0;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!sending) {
                sending = true;
                transmitNow = true;
            } else if (resyncDue) {
                dropped = 1;
            } else if (queue.size() >= QUEUE_LIMIT) {
                dropped = queue.size() + 1;
                queue.clear();
                resyncDue = true;
            } else {
                queue.add(frame);
            }
        }
        if (transmitNow) {
            transmit(frame);
        } else if (dropped > 0) {
            listener.dropped(this, dropped);
        }
    }

    // Called outside this object's lock: Jetty may complete the callback on this thread or on one of its own.
    private void transmit(String frame) {
        try {
            session.sendText(frame, Callback.from(this::sent, this::failed));
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void sent() {
        String next;
        boolean resync = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (resyncDue) {
                resyncDue = false;
                resync = true;
                next = Frames.RESYNC;
            } else {
                next = queue.poll();
            }
            if (next == null) {
                sending = false;
                return;
            }
        }
        if (resync) {
            listener.resyncSent(this);
        }
        transmit(next);
    }

    private void failed(Throwable error) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        listener.failed(this, error);
    }

    /** Frames waiting for this browser, besides the one Jetty is writing. */
    public synchronized int backlog() {
        return queue.size();
    }

    public synchronized boolean resyncDue() {
        return resyncDue;
    }

    public synchronized void close() {
        closed = true;
        queue.clear();
    }

    @Override
    public String toString() {
        return name;
    }
}
