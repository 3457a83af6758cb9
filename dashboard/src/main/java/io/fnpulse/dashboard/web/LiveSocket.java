package io.fnpulse.dashboard.web;

import io.fnpulse.dashboard.feed.Feed;
import io.fnpulse.dashboard.history.HistoryQuery;
import io.fnpulse.dashboard.push.ClientChannel;
import io.fnpulse.dashboard.push.Fanout;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code /ws}: a browser connects (with {@code ?since=<t>} when it reconnects and has data up to t, or with
 * {@code ?window=<minutes>&width=<px>} for a long window thinned to its width) and is joined to the feed. The server pings every 20 s so an idle connection (Redis down, nothing to send) stays open and a dead
 * one is noticed.
 */
final class LiveSocket implements Consumer<WsConfig> {

    private static final long PING_SECONDS = 20;

    private final Feed feed;
    private final Fanout fanout;
    private final java.time.Clock clock;
    private final Map<String, ClientChannel> channels = new ConcurrentHashMap<>();

    LiveSocket(Feed feed, Fanout fanout, java.time.Clock clock) {
        this.feed = feed;
        this.fanout = fanout;
        this.clock = clock;
    }

    @Override
    public void accept(WsConfig ws) {
        ws.onConnect(ctx -> {
            try {
                ClientChannel channel = new ClientChannel(ctx.session, name(ctx), fanout);
                channels.put(ctx.sessionId(), channel);
                ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
                feed.join(channel, query(ctx));
            } catch (OutOfMemoryError e) {
                OutOfMemory.exitIfCaused(e);
                throw e;
            }
        });
        ws.onClose(ctx -> leave(ctx));
        ws.onError(ctx -> leave(ctx));
    }

    private void leave(WsContext ctx) {
        ClientChannel channel = channels.remove(ctx.sessionId());
        if (channel != null) {
            feed.leave(channel);
        }
    }

    /**
     * {@code ?since=<t>}, or {@code ?window=<minutes>&width=<px>}; a page that sends a malformed one gets the whole
     * history rather than a refused socket.
     */
    private HistoryQuery query(WsContext ctx) {
        try {
            OptionalLong since = Since.parse(ctx.queryParam("since"));
            int width = WebServer.width(ctx.queryParam("width"));
            String window = ctx.queryParam("window");
            if (since.isPresent() || (window == null && width == 0)) {
                return since.isPresent() ? HistoryQuery.since(since.getAsLong()) : HistoryQuery.ALL;
            }
            OptionalLong from = window == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(clock.millis() - Math.round(Double.parseDouble(window) * 60_000));
            return new HistoryQuery(OptionalLong.empty(), from, OptionalLong.empty(), width);
        } catch (IllegalArgumentException e) {
            return HistoryQuery.ALL;
        }
    }

    private static String name(WsContext ctx) {
        return String.valueOf(ctx.session.getRemoteSocketAddress());
    }
}
