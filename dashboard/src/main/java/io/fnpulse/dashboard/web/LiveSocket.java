package io.fnpulse.dashboard.web;

import io.fnpulse.dashboard.feed.Feed;
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
 * {@code /ws}: a browser connects (with {@code ?since=<t>} when it reconnects and has data up to t) and is joined
 * to the feed. The server pings every 20 s so an idle connection (Redis down, nothing to send) stays open and a dead
 * one is noticed.
 */
final class LiveSocket implements Consumer<WsConfig> {

    private static final long PING_SECONDS = 20;

    private final Feed feed;
    private final Fanout fanout;
    private final Map<String, ClientChannel> channels = new ConcurrentHashMap<>();

    LiveSocket(Feed feed, Fanout fanout) {
        this.feed = feed;
        this.fanout = fanout;
    }

    @Override
    public void accept(WsConfig ws) {
        ws.onConnect(ctx -> {
            ClientChannel channel = new ClientChannel(ctx.session, name(ctx), fanout);
            channels.put(ctx.sessionId(), channel);
            ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
            feed.join(channel, since(ctx));
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

    /** A page that sends a malformed {@code since} gets the whole history rather than a refused socket. */
    private static OptionalLong since(WsContext ctx) {
        try {
            return Since.parse(ctx.queryParam("since"));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String name(WsContext ctx) {
        return String.valueOf(ctx.session.getRemoteSocketAddress());
    }
}
