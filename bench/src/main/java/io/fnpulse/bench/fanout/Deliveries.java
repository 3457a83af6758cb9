package io.fnpulse.bench.fanout;

import io.fnpulse.bench.rig.BrowserSocket;
import io.fnpulse.bench.rig.Latencies;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;

/** When each sample was written and when each browser received it; written by many client threads at once. */
final class Deliveries implements BrowserSocket.Arrivals {

    private final int clients;
    private final long[] sent;
    private final long[] received;
    private final AtomicIntegerArray receivedCount;

    Deliveries(int samples, int clients) {
        this.clients = clients;
        this.sent = new long[samples + 1];
        this.received = new long[(samples + 1) * clients];
        this.receivedCount = new AtomicIntegerArray(samples + 1);
        Arrays.fill(received, -1);
    }

    void sent(int seq, long nanos) {
        sent[seq] = nanos;
    }

    @Override
    public void arrived(int client, int seq, long nanos) {
        if (seq < sent.length && client < clients) {
            received[seq * clients + client] = nanos;
            receivedCount.incrementAndGet(seq);
        }
    }

    int receivedCount(int seq) {
        return receivedCount.get(seq);
    }

    /** Every (browser, sample) delivery of the samples first..last, and how many never arrived. */
    Summary summarise(int first, int last, int liveClients) {
        Latencies all = new Latencies();
        Latencies slowest = new Latencies();
        int missing = 0;
        for (int seq = first; seq <= last; seq++) {
            long worst = 0;
            for (int client = 0; client < liveClients; client++) {
                long at = received[seq * clients + client];
                if (at < 0) {
                    missing++;
                } else {
                    all.add(at - sent[seq]);
                    worst = Math.max(worst, at - sent[seq]);
                }
            }
            slowest.add(worst);
        }
        return new Summary(all, slowest, missing);
    }

    record Summary(Latencies all, Latencies lastBrowser, int missing) {}
}
