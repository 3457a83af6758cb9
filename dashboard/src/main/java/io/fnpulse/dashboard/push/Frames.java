package io.fnpulse.dashboard.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.history.Sample;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The WebSocket protocol, as JSON text frames from server to page:
 * <ul>
 *   <li>{@code history}: on connect, the samples the page does not have yet: all of them; those after
 *       {@code ?since=<t>}; or, with {@code ?window=<minutes>&width=<px>}, those of the last {@code window} minutes
 *       thinned to the chart's width (at most about two points per pixel per series, each bucket keeping its
 *       minimum and maximum, so peaks survive). The same shape answers {@code GET /api/history}, which takes
 *       {@code since}, or {@code from} and {@code to} (epoch ms, both included) with an optional {@code width}: what
 *       the page asks for when it zooms or shows 6 h or 24 h. A burst of many new samples at once (the output
 *       history stream catching up) is also sent as a {@code history} frame, which the page merges;</li>
 *   <li>{@code sample}: one new sample, built once and sent to every page;</li>
 *   <li>{@code state}: Redis up or down, stale, a bad value, the runtime's status; sent on connect and on change;</li>
 *   <li>{@code resync}: the page fell behind and frames were dropped; it fetches {@code /api/history?since=}.</li>
 *   <li>{@code calls}: the runtime's calls log ({@code <O>:calls}: each entry a {@link io.fnpulse.service.function.CallRecord} plus its stream {@code id}),
 *       newest first: the newest 100 on connect, then each poll's new ones;</li>
 *   <li>{@code markers}: {@code [{t, kind: "version"|"failure", label}]}, every marker the charts draw (a new code
 *       version's first output, a failed call), on connect and whenever one is added.</li>
 * </ul>
 * The samples of the last full history frame are kept serialised, so that many browsers joining between two samples
 * cost one serialisation of the history, not one each.
 */
public final class Frames {

    public static final String RESYNC = "{\"type\":\"resync\"}";

    record SampleFrame(String type, Sample sample) {}

    record StateFrame(String type, long serverTime, PageState state) {}

    record LatestAnswer(long serverTime, Sample sample, PageState state) {}

    /** The samples array of one history, identified by its size and its first and last sample. */
    private record Serialised(int size, Sample first, Sample last, String json) {
        boolean holds(List<Sample> samples) {
            return samples.size() == size && (size == 0 || (samples.get(0) == first && samples.get(size - 1) == last));
        }
    }

    private final ObjectMapper mapper;
    private final String outputKey;
    private final long historyMinutes;
    private final long pollIntervalMs;
    private final Object cacheLock = new Object();
    private Serialised cached;

    public Frames(ObjectMapper mapper, String outputKey, long historyMinutes, long pollIntervalMs) {
        this.mapper = mapper;
        this.outputKey = outputKey;
        this.historyMinutes = historyMinutes;
        this.pollIntervalMs = pollIntervalMs;
    }

    /** {@code {"type":"history","serverTime","outputKey","historyMinutes","pollIntervalMs","samples":[…]}}. */
    public String history(List<Sample> samples, long serverTime) {
        return "{\"type\":\"history\",\"serverTime\":" + serverTime + ",\"outputKey\":" + write(outputKey)
                + ",\"historyMinutes\":" + historyMinutes + ",\"pollIntervalMs\":" + pollIntervalMs
                + ",\"samples\":" + samplesJson(samples) + "}";
    }

    /** A history frame of some new samples (a burst from the history stream), which the page merges. */
    public String historyPart(List<Sample> samples, long serverTime) {
        return "{\"type\":\"history\",\"serverTime\":" + serverTime + ",\"outputKey\":" + write(outputKey)
                + ",\"historyMinutes\":" + historyMinutes + ",\"pollIntervalMs\":" + pollIntervalMs
                + ",\"samples\":" + write(samples) + "}";
    }

    private String samplesJson(List<Sample> samples) {
        synchronized (cacheLock) {
            Serialised last = cached;
            if (last != null && last.holds(samples)) {
                return last.json();
            }
            String json = write(samples);
            cached = new Serialised(
                    samples.size(),
                    samples.isEmpty() ? null : samples.get(0),
                    samples.isEmpty() ? null : samples.get(samples.size() - 1),
                    json);
            return json;
        }
    }

    /** {@code {"type":"calls","calls":[…]}}: calls log entries, newest first, each with its stream {@code id}. */
    public String calls(List<io.fnpulse.dashboard.calls.LoggedCall> newestFirst) {
        return "{\"type\":\"calls\",\"calls\":" + write(newestFirst) + "}";
    }

    /** {@code {"type":"markers","markers":[{"t","kind":"version"|"failure","label"}]}}: all of them, oldest first. */
    public String markers(List<io.fnpulse.dashboard.calls.Markers.Marker> markers) {
        return "{\"type\":\"markers\",\"markers\":" + write(markers) + "}";
    }

    public String sample(Sample sample) {
        return write(new SampleFrame("sample", sample));
    }

    public String state(PageState state, long serverTime) {
        return write(new StateFrame("state", serverTime, state));
    }

    /** The body of {@code GET /api/latest}: the newest sample (or null) and the state. */
    public String latest(Sample sample, PageState state, long serverTime) {
        return write(new LatestAnswer(serverTime, sample, state));
    }

    private String write(Object frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(
                    "could not serialise " + frame.getClass().getSimpleName(), e);
        }
    }
}
