package io.fnpulse.bench.rig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/**
 * A browser's end of the dashboard's {@code /ws}, as the page uses it: it takes the history frame, then reports the
 * arrival time of every {@code sample} frame, identified by the {@code seq} value the harness wrote. A stalled one
 * stops reading after the history, like a browser tab that hangs.
 */
public final class BrowserSocket implements WebSocket.Listener {

    /** Where arrivals go: called on the client's thread, so it must be quick. */
    public interface Arrivals {
        void arrived(int client, int seq, long nanos);
    }

    private static final String SAMPLE = "{\"type\":\"sample\"";
    private static final String SEQ = "\"seq\":";

    private final int index;
    private final boolean stalled;
    private final Arrivals arrivals;
    private final CountDownLatch history = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private BrowserSocket(int index, boolean stalled, Arrivals arrivals) {
        this.index = index;
        this.stalled = stalled;
        this.arrivals = arrivals;
    }

    public static CompletableFuture<BrowserSocket> open(
            HttpClient http, URI uri, int index, boolean stalled, Arrivals arrivals) {
        BrowserSocket browser = new BrowserSocket(index, stalled, arrivals);
        return http.newWebSocketBuilder().buildAsync(uri, browser).thenApply(ws -> browser);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long at = System.nanoTime();
        String frame;
        if (!last || partial.length() > 0) {
            partial.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            frame = partial.toString();
            partial.setLength(0);
        } else {
            frame = data.toString();
        }
        if (frame.startsWith(SAMPLE)) {
            int seq = seqOf(frame);
            if (seq >= 0) {
                arrivals.arrived(index, seq, at);
            }
        } else if (frame.startsWith("{\"type\":\"history\"")) {
            history.countDown();
            if (stalled) {
                return null; // never asks for another frame: the server's writes back up
            }
        }
        webSocket.request(1);
        return null;
    }

    private static int seqOf(String frame) {
        int at = frame.indexOf(SEQ);
        if (at < 0) {
            return -1;
        }
        int value = 0;
        for (int i = at + SEQ.length(); i < frame.length(); i++) {
            char c = frame.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    public boolean awaitHistory(long millis) throws InterruptedException {
        return history.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
