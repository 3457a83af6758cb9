package io.fnpulse.runtime.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.redis.BoundedReader;
import io.fnpulse.service.redis.LuaScript;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code <output key>:inflight}: what is being called — one input, or a run of stream entries from the first to the
 * last — written before the calls and cleared (or set for the next run) by the commit that ends them. A marker that a
 * starting runtime finds means the process before it died during those calls. Where that process could tell why (the
 * function called {@code System.exit}, the heap ran out, a call could not be stopped) it narrowed the marker to the
 * one input in its call and wrote the cause; a marker without a cause is an unexplained death (SIGKILL, a power cut),
 * which says only that those inputs were in flight.
 */
public final class InFlight {

    /**
     * How often the process died while an input was in flight before: deaths it recorded the cause of, in that
     * input's call, and deaths it could not explain, in a row.
     */
    public record Deaths(int recorded, int unexplained) {

        public static final Deaths NONE = new Deaths(0, 0);

        public Deaths afterRecorded() {
            return new Deaths(recorded + 1, unexplained);
        }

        public Deaths afterUnexplained() {
            return new Deaths(recorded, unexplained + 1);
        }

        public boolean none() {
            return recorded == 0 && unexplained == 0;
        }
    }

    /**
     * What a marker says is in flight: one input's call ({@code lastStreamId} = {@code streamId}), or a run of stream
     * entries from {@code streamId} to {@code lastStreamId}, and the deaths that came before.
     *
     * @param digest   the digest of the (first) input
     * @param streamId its stream entry's ID, or "" for the input key's value
     */
    public record Calling(String digest, String streamId, String lastStreamId, Deaths deaths) {

        public static Calling one(String digest, String streamId, Deaths deaths) {
            return new Calling(digest, streamId, streamId, deaths);
        }

        /** Stream entries from the first to the last, none of which has a death before it. */
        public static Calling run(String firstDigest, String firstId, String lastId) {
            return new Calling(firstDigest, firstId, lastId, Deaths.NONE);
        }
    }

    /** A marker found at start: what was in flight when the last process ended, and why, where it said. */
    public record Marker(Calling calling, Optional<ErrorReport> cause, String instance, Instant since) {

        /** The deaths now that the process that wrote it is gone: one more, recorded or unexplained. */
        public Deaths deathsNow() {
            return cause.isPresent()
                    ? calling.deaths().afterRecorded()
                    : calling.deaths().afterUnexplained();
        }
    }

    private static final int MAX_BYTES = 4096;
    private static final LuaScript MARK = new LuaScript("""
            if ARGV[1] ~= '' then
              if redis.call('TYPE', KEYS[1])['ok'] ~= 'string' or redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
              end
            end
            redis.call('SET', KEYS[2], ARGV[2])
            return 1""");

    private final UnifiedJedis redis;
    private final Optional<String> key;
    private final Lease lease;
    private final ObjectMapper json;
    private final BoundedReader reader;

    public InFlight(UnifiedJedis redis, Optional<String> key, Lease lease, ObjectMapper json) {
        this.redis = redis;
        this.key = key;
        this.lease = lease;
        this.json = json;
        this.reader = new BoundedReader(redis);
    }

    /** Records the calls about to start; fenced by the lease like a commit. */
    public void mark(Calling calling, Instant now) {
        write(marker(calling, Optional.empty(), now));
    }

    /**
     * Records, as the process dies or before it ends itself, that it dies in the call with {@code calling}'s input,
     * and why. Fenced by the lease like a commit: a replica that lost it blames nothing.
     */
    public void recordDeath(Calling calling, ErrorReport cause, Instant now) {
        write(marker(calling, Optional.of(cause), now));
    }

    private void write(String marker) {
        if (key.isEmpty()) {
            return;
        }
        MARK.run(
                redis,
                List.of(lease.key().orElse(key.get()), key.get()),
                List.of(lease.key().isPresent() ? lease.owner() : "", marker));
    }

    /** The marker's value, also written by a commit for the calls that follow it at once. */
    public String marker(Calling calling, Optional<ErrorReport> cause, Instant now) {
        ObjectNode marker =
                json.createObjectNode().put("digest", calling.digest()).put("streamId", calling.streamId());
        if (!calling.lastStreamId().equals(calling.streamId())) {
            marker.put("lastStreamId", calling.lastStreamId());
        }
        marker.put("deaths", calling.deaths().recorded())
                .put("unexplained", calling.deaths().unexplained());
        cause.ifPresent(why -> marker.putObject("cause").put("type", why.type()).put("message", why.message()));
        return marker.put("instance", lease.owner())
                .put("since", now.toString())
                .toString();
    }

    /**
     * The marker left in Redis, if any. One that cannot be read (not JSON, another type, too long) counts as none: it
     * only ever says where a process died, and the next call overwrites it.
     */
    public Optional<Marker> read() {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> raw = reader.read(key.get(), MAX_BYTES).value();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(raw.get());
            if (!node.path("digest").isTextual() || !node.path("deaths").canConvertToInt()) {
                return Optional.empty();
            }
            String streamId = node.path("streamId").asText("");
            Deaths deaths = new Deaths(
                    Math.max(0, node.path("deaths").asInt()),
                    Math.max(0, node.path("unexplained").asInt(0)));
            Calling calling = new Calling(
                    node.path("digest").asText(),
                    streamId,
                    node.path("lastStreamId").asText(streamId),
                    deaths);
            JsonNode cause = node.path("cause");
            return Optional.of(new Marker(
                    calling,
                    cause.isObject()
                            ? Optional.of(ErrorReport.of(
                                    cause.path("type").asText(""),
                                    cause.path("message").asText("")))
                            : Optional.empty(),
                    node.path("instance").asText(""),
                    node.path("since").isTextual() ? parse(node.path("since").asText()) : null));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    public Optional<String> key() {
        return key;
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
