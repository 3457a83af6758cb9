package io.fnpulse.dashboard.push;

import io.fnpulse.dashboard.metrics.DashboardMeters;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every connected browser; sends each frame, built once, to all of them without waiting on any. */
public final class Fanout implements ClientChannel.Listener {

    private static final Logger log = LoggerFactory.getLogger(Fanout.class);

    private final Set<ClientChannel> channels = ConcurrentHashMap.newKeySet();
    private final DashboardMeters meters;

    public Fanout(DashboardMeters meters) {
        this.meters = meters;
    }

    public void add(ClientChannel channel) {
        channels.add(channel);
    }

    public void remove(ClientChannel channel) {
        channel.close();
        channels.remove(channel);
    }

    public void broadcast(String frame) {
        for (ClientChannel channel : channels) {
            channel.offer(frame);
        }
    }

    public int size() {
        return channels.size();
    }

    @Override
    public void dropped(ClientChannel channel, int frames) {
        meters.framesDropped(frames);
    }

    @Override
    public void resyncSent(ClientChannel channel) {
        meters.resynced();
        log.info("browser {} fell behind; frames were dropped and it was told to resync", channel);
    }

    @Override
    public void failed(ClientChannel channel, Throwable error) {
        remove(channel);
        log.debug("browser {} dropped: {}", channel, error.toString());
    }
}
