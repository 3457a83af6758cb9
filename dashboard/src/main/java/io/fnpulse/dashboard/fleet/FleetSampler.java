package io.fnpulse.dashboard.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.history.HistoryFollower;
import io.fnpulse.dashboard.poll.Output;
import io.fnpulse.dashboard.poll.OutputParser;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.BoundedStream;
import io.fnpulse.service.redis.KeyRead;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One turn of the fleet loop. Every {@link FleetConfig#scanInterval()} the host list is refreshed and each host's
 * {@code <host key>:history} stream looked for. Every poll interval a host with that stream has the entries after the
 * last one seen read (as the single-key dashboard follows its own), so no output is missed; the others have their
 * output key read, {@link #BATCH} keys a round trip, and a value that changed becomes a sample. No read takes more
 * than {@code MAX_VALUE_BYTES} of one value.
 */
final class FleetSampler {

    /** What the dashboard holds of one host. Its reads happen on the loop's thread only. */
    static final class Host {
        final String name;
        final String key;
        final HostRing ring;
        final OutputParser parser;
        final HistoryFollower follower;
        private boolean streamed;
        private String lastRaw;
        private volatile String problem;

        Host(String name, String key, HostRing ring, OutputParser parser, HistoryFollower follower) {
            this.name = name;
            this.key = key;
            this.ring = ring;
            this.parser = parser;
            this.follower = follower;
        }

        /** Why the host's last read gave no sample, if it gave none. */
        String problem() {
            return problem;
        }
    }

    static final int BATCH = 100;

    private final FleetConfig config;
    private final HostDirectory directory;
    private final BoundedReader reader;
    private final BoundedStream streams;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Heartbeat heartbeat;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private long nextScan = System.nanoTime();
    private long nextRead = System.nanoTime();
    private volatile String redisProblem;
    private volatile boolean scannedOnce;

    FleetSampler(
            FleetConfig config,
            HostDirectory directory,
            BoundedReader reader,
            BoundedStream streams,
            ObjectMapper mapper,
            Clock clock,
            Heartbeat heartbeat) {
        this.config = config;
        this.directory = directory;
        this.reader = reader;
        this.streams = streams;
        this.mapper = mapper;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** Scans and reads when due, then waits for the next of the two. */
    void turn() throws InterruptedException {
        try {
            if (System.nanoTime() - nextScan >= 0) {
                nextScan = System.nanoTime() + config.scanInterval().toNanos();
                scan();
            }
            if (System.nanoTime() - nextRead >= 0) {
                nextRead = System.nanoTime() + config.pollInterval().toNanos();
                readAll();
            }
            redisProblem = null;
        } catch (JedisException e) {
            redisProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        }
        long wait = Math.min(nextScan, nextRead) - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private void scan() {
        HostDirectory.Change change = directory.refresh();
        for (String gone : change.gone()) {
            hosts.remove(gone);
        }
        for (String name : change.appeared()) {
            String key = directory.hosts().get(name);
            String history = FunctionKeys.of(key, config.cluster()).history();
            hosts.put(
                    name,
                    new Host(
                            name,
                            key,
                            new HostRing(
                                    config.samplesPerHost(), config.window().toMillis()),
                            new OutputParser(mapper, key),
                            new HistoryFollower(
                                    streams, new OutputParser(mapper, history), history, config.window(), clock)));
        }
        findStreams(new ArrayList<>(hosts.values()));
        scannedOnce = true;
    }

    /** Which hosts have a history stream: the bounded read names a key's type without reading it. */
    private void findStreams(List<Host> all) {
        for (List<Host> some : batches(all)) {
            List<KeyRead> reads =
                    reader.read(some.stream().map(host -> host.follower.key()).toList(), 0);
            for (int i = 0; i < some.size(); i++) {
                some.get(i).streamed = reads.get(i) instanceof KeyRead.WrongType type && "stream".equals(type.type());
            }
            heartbeat.beat();
        }
    }

    private void readAll() {
        List<Host> polled = new ArrayList<>();
        for (Host host : hosts.values()) {
            if (host.streamed) {
                follow(host);
            } else {
                polled.add(host);
            }
        }
        for (List<Host> some : batches(polled)) {
            List<KeyRead> reads =
                    reader.read(some.stream().map(host -> host.key).toList(), config.maxValueBytes());
            long now = clock.millis();
            for (int i = 0; i < some.size(); i++) {
                record(some.get(i), reads.get(i), now);
            }
            heartbeat.beat();
        }
    }

    private void follow(Host host) {
        HistoryFollower.Read read = host.follower.read();
        heartbeat.beat();
        if (!read.following()) {
            host.streamed = false; // gone or replaced: the output key is read from the next poll on
            return;
        }
        if (read.fresh()) {
            host.ring.clear(); // the stream's times replace the dashboard's own
        }
        for (HistoryFollower.Entry entry : read.entries()) {
            append(host, entry.output(), entry.t());
        }
    }

    private void record(Host host, KeyRead read, long now) {
        String raw = read.value().orElse(null);
        if (raw != null && Objects.equals(raw, host.lastRaw)) {
            return;
        }
        host.lastRaw = raw;
        append(host, host.parser.parse(read), now);
    }

    private static void append(Host host, Output output, long t) {
        if (output instanceof Output.Unusable unusable) {
            host.problem = unusable.problem().message();
            return;
        }
        Map<String, Double> values = ((Output.Numbers) output).values();
        host.ring.append(
                t,
                values.keySet().toArray(String[]::new),
                values.values().stream().mapToDouble(Double::doubleValue).toArray());
        host.problem = null;
    }

    private List<List<Host>> batches(List<Host> all) {
        int size = config.cluster() ? 1 : BATCH; // on a Cluster the keys of one script must share a slot
        List<List<Host>> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            out.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return out;
    }

    /** The hosts, by name. */
    List<Host> hosts() {
        return hosts.values().stream()
                .sorted(Comparator.comparing(host -> host.name))
                .toList();
    }

    Host host(String name) {
        return hosts.get(name);
    }

    /** Why Redis could not be read in the last turn, or null. */
    String redisProblem() {
        return redisProblem;
    }

    boolean scannedOnce() {
        return scannedOnce;
    }
}
