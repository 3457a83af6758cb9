package io.fnpulse.dashboard.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.history.Sample;
import io.fnpulse.dashboard.poll.Problem;
import io.fnpulse.dashboard.poll.StatusParser;
import io.fnpulse.service.function.FunctionKeys;
import io.fnpulse.service.function.FunctionStatus;
import io.fnpulse.service.redis.BoundedReader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The fleet's data as the page asks for it: the host list with each host's current value per metric, the overview
 * (per metric, one line per host over a window, the worst host first) and one host's samples for its charts.
 * Worst means the highest current value: the newest sample's value of the metric, a mean over its series.
 */
final class FleetView {

    /** At most this many points per line in the overview, however long the window. */
    static final int OVERVIEW_POINTS = 60;

    record HostEntry(String host, String key, Long t, Map<String, Double> current, String problem) {}

    record Hosts(
            long serverTime,
            String pattern,
            int maxHosts,
            boolean capped,
            boolean scanned,
            String redisProblem,
            long pollIntervalMs,
            List<HostEntry> hosts) {}

    /**
     * One host's line: {@code values[i]} is the point at {@code x[start + i]}, the points before {@code start} being
     * empty (a host that appeared recently sends no run of nulls). Floats, since a chart needs no more digits.
     */
    record Line(String host, Float current, int start, Float[] values) {
        static Line of(String host, Float current, Float[] points) {
            int start = 0;
            while (start < points.length && points[start] == null) {
                start++;
            }
            return new Line(host, current, start, java.util.Arrays.copyOfRange(points, start, points.length));
        }
    }

    record MetricLines(String metric, List<Line> lines) {}

    record Overview(long serverTime, long from, long to, long[] x, List<MetricLines> metrics) {}

    /** The part of the single-host page's state a host view shows: the runtime's status line for this host. */
    record HostState(FunctionStatus status, Problem statusProblem, String problem) {}

    record HostHistory(
            String type,
            long serverTime,
            String outputKey,
            String host,
            long historyMinutes,
            long pollIntervalMs,
            List<Sample> samples,
            HostState state) {}

    private final FleetConfig config;
    private final FleetSampler sampler;
    private final HostDirectory directory;
    private final Clock clock;
    private final BoundedReader reader;
    private final ObjectMapper mapper;

    FleetView(
            FleetConfig config,
            FleetSampler sampler,
            HostDirectory directory,
            Clock clock,
            BoundedReader reader,
            ObjectMapper mapper) {
        this.config = config;
        this.sampler = sampler;
        this.directory = directory;
        this.clock = clock;
        this.reader = reader;
        this.mapper = mapper;
    }

    Hosts hosts() {
        List<HostEntry> entries = new ArrayList<>();
        for (FleetSampler.Host host : sampler.hosts()) {
            Optional<HostRing.Point> latest = host.ring.latest();
            entries.add(new HostEntry(
                    host.name,
                    host.key,
                    latest.map(HostRing.Point::t).orElse(null),
                    latest.map(Metrics::of).orElse(Map.of()),
                    host.problem()));
        }
        return new Hosts(
                clock.millis(),
                config.pattern().toString(),
                config.maxHosts(),
                directory.capped(),
                sampler.scannedOnce(),
                sampler.redisProblem(),
                config.pollInterval().toMillis(),
                entries);
    }

    /** The last {@code minutes} (at most the window kept), in at most {@link #OVERVIEW_POINTS} steps. */
    Overview overview(long minutes) {
        long to = clock.millis();
        long span = Math.min(minutes * 60_000, config.window().toMillis());
        long from = to - span;
        int points = (int) Math.max(
                1,
                Math.min(
                        OVERVIEW_POINTS,
                        (span + config.pollInterval().toMillis() - 1)
                                / config.pollInterval().toMillis()));
        long step = (span + points - 1) / points;
        long[] x = new long[points];
        for (int i = 0; i < points; i++) {
            x[i] = from + (i + 1) * step;
        }
        Set<String> metrics = new LinkedHashSet<>();
        Map<String, Map<String, Float[]>> byHost = new LinkedHashMap<>();
        Map<String, Map<String, Double>> current = new LinkedHashMap<>();
        for (FleetSampler.Host host : sampler.hosts()) {
            Map<String, Float[]> lines = new LinkedHashMap<>();
            for (HostRing.Point point : host.ring.since(from)) {
                int index = (int) Math.min(points - 1, Math.max(0, (point.t() - from - 1) / step));
                Metrics.of(point).forEach((metric, value) -> {
                    metrics.add(metric);
                    lines.computeIfAbsent(metric, m -> new Float[points])[index] = value.floatValue();
                });
            }
            byHost.put(host.name, lines);
            current.put(host.name, host.ring.latest().map(Metrics::of).orElse(Map.of()));
        }
        List<MetricLines> out = new ArrayList<>();
        for (String metric : metrics) {
            List<Line> lines = new ArrayList<>();
            byHost.forEach((host, values) -> {
                Double now = current.get(host).get(metric);
                lines.add(Line.of(
                        host, now == null ? null : now.floatValue(), values.getOrDefault(metric, new Float[points])));
            });
            lines.sort(WORST_FIRST);
            out.add(new MetricLines(metric, lines));
        }
        return new Overview(to, from, to, x, out);
    }

    /**
     * The host's samples after {@code since}, shaped like the single-host page's history frame, with its runtime
     * status read now (bounded like every read); empty if the host is unknown.
     */
    Optional<HostHistory> host(String name, long since) {
        FleetSampler.Host host = sampler.host(name);
        if (host == null) {
            return Optional.empty();
        }
        List<Sample> samples =
                host.ring.since(since).stream().map(FleetView::sample).toList();
        String statusKey = FunctionKeys.of(host.key, config.cluster()).status();
        StatusParser.Read status;
        try {
            status = new StatusParser(mapper, statusKey).parse(reader.read(statusKey, config.maxValueBytes()));
        } catch (JedisException e) {
            status = new StatusParser.Read(Optional.empty(), null); // the host list tells that Redis is away
        }
        return Optional.of(new HostHistory(
                "history",
                clock.millis(),
                host.key,
                host.name,
                config.window().toMinutes(),
                config.pollInterval().toMillis(),
                samples,
                new HostState(status.status().orElse(null), status.problem(), host.problem())));
    }

    private static Sample sample(HostRing.Point point) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < point.names().length; i++) {
            values.put(point.names()[i], point.values()[i]);
        }
        return new Sample(point.t(), values, false);
    }

    /** Highest current value first; hosts without one last; then by name. */
    static final Comparator<Line> WORST_FIRST = Comparator.comparing((Line line) -> line.current() == null)
            .thenComparing(line -> line.current() == null ? 0 : -line.current())
            .thenComparing(Line::host);
}
