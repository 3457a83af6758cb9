package io.fnpulse.dashboard.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.history.Sample;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The WebSocket protocol, as JSON text frames from server to page:
 * <ul>
 *   <li>{@code history}: on connect, the samples the page does not have yet (all, or those after {@code ?since=});
 *       the same shape answers {@code GET /api/history};</li>
 *   <li>{@code sample}: one new sample, built once and sent to every page;</li>
 *   <li>{@code state}: Redis up or down, stale, a bad value, the runtime's status; sent on connect and on change;</li>
 *   <li>{@code resync}: the page fell behind and frames were dropped; it fetches {@code /api/history?since=}.</li>
 * </ul>
 */
public final class Frames {

    public static final String RESYNC = "{\"type\":\"resync\"}";

    record HistoryFrame(String type, long serverTime, String outputKey, long historyMinutes, long pollIntervalMs,
                        List<Sample> samples) {
    }

    record SampleFrame(String type, Sample sample) {
    }

    record StateFrame(String type, long serverTime, PageState state) {
    }

    record LatestAnswer(long serverTime, Sample sample, PageState state) {
    }

    private final ObjectMapper mapper;
    private final String outputKey;
    private final long historyMinutes;
    private final long pollIntervalMs;

    public Frames(ObjectMapper mapper, String outputKey, long historyMinutes, long pollIntervalMs) {
        this.mapper = mapper;
        this.outputKey = outputKey;
        this.historyMinutes = historyMinutes;
        this.pollIntervalMs = pollIntervalMs;
    }

    public String history(List<Sample> samples, long serverTime) {
        return write(new HistoryFrame("history", serverTime, outputKey, historyMinutes, pollIntervalMs, samples));
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
            throw new UncheckedIOException("could not serialise " + frame.getClass().getSimpleName(), e);
        }
    }
}
