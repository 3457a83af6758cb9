package io.fnpulse.function;

import io.fnpulse.api.Context;
import io.fnpulse.api.Handler;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fnpulse metrics function: turns one host-metrics snapshot (the format of data/metrics-stream.jsonl) into three derived metrics.
 *
 * <ul>
 *   <li>{@code percentage_outgoing_bytes} = 100 · sent / (sent + recv) over {@code eth0}'s counters, or, where the
 *       snapshot has no {@code eth0}, over the sum of every interface except {@code lo};</li>
 *   <li>{@code percentage_memory_caching} = 100 · (buffers + cached) / total;</li>
 *   <li>{@code moving_average_cpu_percent-X} for every CPU X in the snapshot: the mean of CPU X's values sampled in
 *       the window (t − 60 s, t], t being this snapshot's timestamp and the current value included.</li>
 * </ul>
 * A zero denominator gives {@code null} for that key. A missing or mistyped key (a string where a number belongs,
 * NaN, a negative byte count) is an {@link IllegalArgumentException} naming the key and the value; everything is
 * checked before the state is touched, so a refused snapshot leaves the history as it was.
 *
 * <p><b>State.</b> {@code context.env()} holds, under {@code cpu_percent-X}, CPU X's samples in the window as a
 * list of {@code [epoch_seconds, value]} pairs, oldest first — plain lists and numbers, so the runtime can save it as
 * JSON and restore it (any {@link Number} and any {@link List} are accepted back). It is pruned on every call and the
 * history of a CPU that is no longer in the snapshot is dropped, so the state stays bounded. A snapshot with the same
 * timestamp as the newest sample is counted once; a timestamp older than the newest sample starts that CPU's history
 * afresh. A stored history that is not such a list of pairs in increasing time is also started afresh: it is only a
 * minute of cached samples, and refusing every snapshot until someone clears the state by hand would be worse.
 *
 * <p><b>Timestamps.</b> Python's {@code str(datetime)} ({@code 2026-11-27 14:00:05.123456}, microseconds optional),
 * ISO-8601 with {@code T} ({@code 2026-11-27T14:00:05.123+01:00}, {@code ...Z}), either with or without an offset,
 * or epoch seconds as a number. Times are compared in whole microseconds, so a sample exactly 60 s old is reliably
 * out of the window. <b>A time without an offset is read as UTC</b>: the agent writes local wall-clock time, and
 * reading it as UTC keeps the differences between samples true even across a daylight-saving change, where the local
 * clock jumps. Mixing times with and without offsets in one stream shifts them against each other; don't.
 */
public final class MetricsFunction implements Handler {

    static final long WINDOW_MICROS = 60_000_000L;
    private static final long UNREADABLE = Long.MIN_VALUE;

    private static final String TIMESTAMP = "timestamp";
    private static final String CPU_PREFIX = "cpu_percent-";
    private static final String NET_PREFIX = "net_io_counters_";
    private static final String SENT_SUFFIX = "-bytes_sent";
    private static final String RECV_SUFFIX = "-bytes_recv";
    private static final String ETH0_SENT = NET_PREFIX + "eth0" + SENT_SUFFIX;
    private static final String ETH0_RECV = NET_PREFIX + "eth0" + RECV_SUFFIX;

    private static final DateTimeFormatter ISO_TIMESTAMP = timestampFormat('T');
    private static final DateTimeFormatter PYTHON_TIMESTAMP = timestampFormat(' ');

    @Override
    public Map<String, Object> handle(Map<String, Object> input, Context context) {
        if (input == null) {
            throw new IllegalArgumentException("input is null: expected a host-metrics snapshot (a JSON object)");
        }
        long now = timestampMicros(input.get(TIMESTAMP), input.containsKey(TIMESTAMP));
        Traffic traffic = traffic(input);
        Double outgoing = percentageOfTotal(traffic.sent(), traffic.sent() + traffic.received());
        Double caching = percentageOfTotal(
                counter(input, "virtual_memory-buffers") + counter(input, "virtual_memory-cached"),
                counter(input, "virtual_memory-total"));
        TreeMap<Integer, Double> cpuValues = cpuValues(input);

        Map<String, Object> env = context.env();
        env.keySet().removeIf(key -> {
            int index = cpuIndex(key);
            return index >= 0 && !cpuValues.containsKey(index);
        });

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("percentage_outgoing_bytes", outgoing);
        result.put("percentage_memory_caching", caching);
        for (Map.Entry<Integer, Double> cpu : cpuValues.entrySet()) {
            String historyKey = CPU_PREFIX + cpu.getKey();
            result.put("moving_average_" + historyKey, movingAverage(env, historyKey, now, cpu.getValue()));
        }
        return result;
    }

    // ---- network and memory ------------------------------------------------------------------------------------

    private record Traffic(double sent, double received) {}

    /** eth0's byte counters where the snapshot has eth0, else the sum over every interface but lo. */
    private static Traffic traffic(Map<String, Object> input) {
        if (input.containsKey(ETH0_SENT) || input.containsKey(ETH0_RECV)) {
            return interfaceTraffic(input, "eth0");
        }
        double sent = 0;
        double received = 0;
        for (String key : input.keySet()) {
            String name = interfaceName(key);
            boolean countedBySentKey =
                    name != null && key.endsWith(RECV_SUFFIX) && input.containsKey(NET_PREFIX + name + SENT_SUFFIX);
            if (name != null && !name.equals("lo") && !countedBySentKey) {
                Traffic one = interfaceTraffic(input, name);
                sent += one.sent();
                received += one.received();
            }
        }
        return new Traffic(sent, received);
    }

    private static Traffic interfaceTraffic(Map<String, Object> input, String name) {
        return new Traffic(
                counter(input, NET_PREFIX + name + SENT_SUFFIX), counter(input, NET_PREFIX + name + RECV_SUFFIX));
    }

    /** IF for a key net_io_counters_IF-bytes_sent or -bytes_recv (names may contain '-'), else null. */
    private static String interfaceName(String key) {
        String suffix = key.endsWith(SENT_SUFFIX) ? SENT_SUFFIX : key.endsWith(RECV_SUFFIX) ? RECV_SUFFIX : null;
        if (suffix == null || !key.startsWith(NET_PREFIX) || key.length() <= NET_PREFIX.length() + suffix.length()) {
            return null;
        }
        return key.substring(NET_PREFIX.length(), key.length() - suffix.length());
    }

    private static Double percentageOfTotal(double part, double total) {
        return total == 0 ? null : 100 * part / total;
    }

    // ---- CPU moving averages -----------------------------------------------------------------------------------

    /** Every cpu_percent-X of the snapshot, by CPU index. */
    private static TreeMap<Integer, Double> cpuValues(Map<String, Object> input) {
        TreeMap<Integer, Double> values = new TreeMap<>();
        for (Map.Entry<String, Object> entry : input.entrySet()) {
            String key = entry.getKey();
            if (!key.startsWith(CPU_PREFIX)) {
                continue;
            }
            int index = cpuIndex(key);
            if (index < 0) {
                throw new IllegalArgumentException("unexpected key '" + key + "': expected " + CPU_PREFIX
                        + "<CPU index>, such as " + CPU_PREFIX + "0");
            }
            values.put(index, finite(key, entry.getValue(), true));
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(
                    "missing key '" + CPU_PREFIX + "0': expected one " + CPU_PREFIX + "X key per CPU");
        }
        return values;
    }

    /** X for a key cpu_percent-X with X a plain decimal index (no sign, no leading zero), else -1. */
    private static int cpuIndex(String key) {
        int digits = key.length() - CPU_PREFIX.length();
        if (!key.startsWith(CPU_PREFIX)
                || digits < 1
                || digits > 9
                || (digits > 1 && key.charAt(CPU_PREFIX.length()) == '0')) {
            return -1;
        }
        int index = 0;
        for (int i = CPU_PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }

    /**
     * Adds the sample to the history stored under key, prunes the history to the window and returns its mean. The
     * sum runs oldest first, as a plain loop over the list would, so results match a straightforward recomputation.
     */
    private static double movingAverage(Map<String, Object> env, String key, long now, double value) {
        List<Object> history = mutableHistory(env, key);
        long cutoff = now - WINDOW_MICROS;
        long newest = Long.MIN_VALUE;
        boolean readable = true;
        int stale = 0;
        int kept = 0;
        double sum = 0;
        for (Object entry : history) {
            long time = sampleTime(entry);
            if (time == UNREADABLE || time <= newest) {
                readable = false;
                break;
            }
            newest = time;
            if (time <= cutoff) {
                stale++;
            } else {
                sum += sampleValue(entry);
                kept++;
            }
        }
        if (!readable || newest > now) {
            history.clear();
            newest = Long.MIN_VALUE;
            stale = 0;
            kept = 0;
            sum = 0;
        }
        if (newest != now) {
            history.add(List.of(secondsOf(now), value));
            sum += value;
            kept++;
        }
        history.subList(0, stale).clear();
        return sum / kept;
    }

    /** The list stored under key, replaced by an empty ArrayList when absent and copied when it is not mutable. */
    @SuppressWarnings("unchecked")
    private static List<Object> mutableHistory(Map<String, Object> env, String key) {
        Object stored = env.get(key);
        if (stored instanceof ArrayList<?> list) {
            return (List<Object>) list;
        }
        List<Object> history = stored instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
        env.put(key, history);
        return history;
    }

    /** The time of a stored [epoch_seconds, value] pair in microseconds, or UNREADABLE when it is not one. */
    private static long sampleTime(Object entry) {
        if (entry instanceof List<?> pair
                && pair.size() == 2
                && pair.get(0) instanceof Number seconds
                && pair.get(1) instanceof Number value
                && Double.isFinite(value.doubleValue())) {
            try {
                return epochMicros(seconds);
            } catch (ArithmeticException | IllegalArgumentException e) {
                return UNREADABLE;
            }
        }
        return UNREADABLE;
    }

    private static double sampleValue(Object entry) {
        return ((Number) ((List<?>) entry).get(1)).doubleValue();
    }

    // ---- timestamps --------------------------------------------------------------------------------------------

    private static long timestampMicros(Object value, boolean present) {
        if (!present) {
            throw new IllegalArgumentException("missing key '" + TIMESTAMP + "'");
        }
        try {
            if (value instanceof Number seconds) {
                return epochMicros(seconds);
            }
            if (value instanceof String text) {
                return parsedMicros(text);
            }
        } catch (DateTimeParseException | ArithmeticException | IllegalArgumentException e) {
            // reported below with the key and the value
        }
        throw new IllegalArgumentException("key '" + TIMESTAMP + "' has value " + describe(value)
                + ": expected a time such as '2026-11-27 14:00:05.123456', '2026-11-27T14:00:05.123+01:00'"
                + " or epoch seconds as a number");
    }

    private static long parsedMicros(String text) {
        DateTimeFormatter format = text.length() > 10 && text.charAt(10) == ' ' ? PYTHON_TIMESTAMP : ISO_TIMESTAMP;
        // not parseBest: for the usual time without an offset it first fails to build an OffsetDateTime, and that
        // exception (message and stack trace) cost more than all the rest of a 4-CPU call
        TemporalAccessor parsed = format.parse(text);
        Instant instant = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? OffsetDateTime.from(parsed).toInstant()
                : LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Epoch seconds to whole microseconds, exactly for integers and decimals, to the nearest for doubles. */
    static long epochMicros(Number seconds) {
        if (seconds instanceof Integer
                || seconds instanceof Long
                || seconds instanceof Short
                || seconds instanceof Byte) {
            return Math.multiplyExact(seconds.longValue(), 1_000_000L);
        }
        if (seconds instanceof BigDecimal || seconds instanceof BigInteger) {
            return new BigDecimal(seconds.toString())
                    .movePointRight(6)
                    .setScale(0, RoundingMode.HALF_EVEN)
                    .longValueExact();
        }
        double value = seconds.doubleValue();
        if (!Double.isFinite(value) || Math.abs(value) > 9e12) {
            throw new IllegalArgumentException("not a usable epoch time: " + seconds);
        }
        // whole and fractional seconds apart: the fraction is exact in a double, and scaling only it keeps the
        // rounding error far below a microsecond for any date this side of the year 2200
        double whole = Math.floor(value);
        return (long) whole * 1_000_000L + Math.round((value - whole) * 1e6);
    }

    private static double secondsOf(long micros) {
        return micros / 1e6;
    }

    private static DateTimeFormatter timestampFormat(char separator) {
        return new DateTimeFormatterBuilder()
                .append(DateTimeFormatter.ISO_LOCAL_DATE)
                .appendLiteral(separator)
                .append(DateTimeFormatter.ISO_LOCAL_TIME)
                .optionalStart()
                .appendOffsetId()
                .optionalEnd()
                .toFormatter()
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    // ---- reading numbers ---------------------------------------------------------------------------------------

    /** A byte count: a finite, non-negative number. */
    private static double counter(Map<String, Object> input, String key) {
        Object value = input.get(key);
        if (value == null && !input.containsKey(key)) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return finite(key, value, false);
    }

    private static double finite(String key, Object value, boolean mayBeNegative) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isFinite(d) && (mayBeNegative || d >= 0)) {
                return d;
            }
        }
        throw new IllegalArgumentException("key '" + key + "' has value " + describe(value) + ": expected a finite"
                + (mayBeNegative ? "" : ", non-negative") + " number");
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return text + " (" + value.getClass().getSimpleName() + ")";
    }
}
