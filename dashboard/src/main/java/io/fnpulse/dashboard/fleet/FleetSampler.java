package io.fnpulse.dashboard.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.DashboardConfig;
import io.fnpulse.service.lifecycle.Heartbeat;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.KeyRead;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One turn of the fleet loop: every {@link FleetConfig#scanInterval()} the host list is refreshed, every poll
 * interval each host's output is read, {@link #BATCH} keys a round trip and never more than {@code MAX_VALUE_BYTES}
 * of one, and a value that changed becomes a sample of that host.
 */
final class FleetSampler {

    /** What the dashboard holds of one host. */
    static final class Host {
        final String name;
        final String key;
        final HostRing ring;
        private String lastRaw;
        private volatile String problem;

        Host(String name, String key, HostRing ring) {
            this.name = name;
            this.key = key;
            this.ring = ring;
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
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Heartbeat heartbeat;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private long nextScan = System.nanoTime();
    private long nextRead = System.nanoTime();
    private volatile String redisProblem;
    private volatile boolean scannedOnce;

    FleetSampler(FleetConfig config, HostDirectory directory, BoundedReader reader, ObjectMapper mapper, Clock clock,
                 Heartbeat heartbeat) {
        this.config = config;
        this.directory = directory;
        this.reader = reader;
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
            hosts.put(name, new Host(name, directory.hosts().get(name),
                    new HostRing(config.samplesPerHost(), config.window().toMillis())));
        }
        scannedOnce = true;
    }

    private void readAll() {
        List<Host> all = new ArrayList<>(hosts.values());
        int batch = config.cluster() ? 1 : BATCH; // on a Cluster the keys of one script must share a slot
        for (int from = 0; from < all.size(); from += batch) {
            List<Host> some = all.subList(from, Math.min(all.size(), from + batch));
            List<KeyRead> reads = reader.read(some.stream().map(host -> host.key).toList(), config.maxValueBytes());
            long now = clock.millis();
            for (int i = 0; i < some.size(); i++) {
                record(some.get(i), reads.get(i), now);
            }
            heartbeat.beat();
        }
    }

    private void record(Host host, KeyRead read, long now) {
        if (!(read instanceof KeyRead.Value value)) {
            host.lastRaw = null;
            host.problem = read.problem(host.key, DashboardConfig.MAX_VALUE_BYTES)
                    .orElse("key " + host.key + " does not exist");
            return;
        }
        if (Objects.equals(value.text(), host.lastRaw)) {
            return;
        }
        host.lastRaw = value.text();
        JsonNode node;
        try {
            node = mapper.readTree(value.text());
        } catch (IOException e) {
            host.problem = "key " + host.key + " does not hold JSON";
            return;
        }
        if (node == null || !node.isObject()) {
            host.problem = "key " + host.key + " does not hold a JSON object";
            return;
        }
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        node.properties().forEach(field -> {
            if (field.getValue().isNumber() && Double.isFinite(field.getValue().doubleValue())) {
                names.add(field.getKey());
                values.add(field.getValue().doubleValue());
            }
        });
        if (names.isEmpty()) {
            host.problem = "key " + host.key + " holds a JSON object without numbers";
            return;
        }
        host.ring.append(now, names.toArray(String[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
        host.problem = null;
    }

    /** The hosts, by name. */
    List<Host> hosts() {
        return hosts.values().stream().sorted(java.util.Comparator.comparing(host -> host.name)).toList();
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
