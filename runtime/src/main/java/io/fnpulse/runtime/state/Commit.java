package io.fnpulse.runtime.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.service.redis.LuaScript;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes everything one call, or a run of calls on consecutive stream entries, leaves behind ({@link Writes}) in one
 * atomic step, and only while this instance holds the lease: the output and its history entry, the state, the status,
 * the call's entry in the calls log, and for a stream entry its acknowledgement (and its dead letter, when it failed
 * for good). A replica that lost its lease (a
 * long GC pause, a network cut) can never overwrite the work of the one that took over, and a crash at any moment
 * either applies all of it or none. The step that ends a call also clears the in-flight marker (see {@link InFlight}),
 * so a marker that survives a restart means the process died inside the call.
 *
 * <p>The script reads its first argument, a JSON object, by name: the keys it may touch, the lease holder that fences
 * it, and the writes, each a command on one of those keys whose arguments are the script's other arguments, by
 * number. So what a part of {@link Writes} becomes in Redis is decided here, in {@link #commands}, and nowhere else;
 * and the outputs, states and calls log entries, JSON themselves, pass as they are, not escaped into that object
 * (which a run of 100 stream entries made the runtime write and Redis decode, 30 KB a run).
 */
public final class Commit {

    private static final LuaScript SCRIPT = new LuaScript("""
            -- ARGV[1]: {"keys": the names of KEYS, in order; "owner": who must hold the lease (absent: no lease);
            --           "writes": [[key name, command, number of the ARGV that is its first argument, count], ...]}
            -- ARGV[2...]: the writes' arguments, in order
            local commit = cjson.decode(ARGV[1])
            local key = {}
            for i, name in ipairs(commit.keys) do
              key[name] = KEYS[i]
            end
            if commit.owner then
              if redis.call('TYPE', key.lease)['ok'] ~= 'string' or redis.call('GET', key.lease) ~= commit.owner then
                return 0
              end
            end
            for _, write in ipairs(commit.writes) do
              redis.call(write[2], key[write[1]], unpack(ARGV, write[3], write[3] + write[4] - 1))
            end
            return 1""");

    private final UnifiedJedis redis;
    private final Lease lease;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final String group;
    private final long callsLength;
    private final long historyMillis;
    private final ObjectMapper json;

    /**
     * @param callsLength   the calls log's approximate length ({@code MAXLEN ~})
     * @param historyMillis the output history's age ({@code MINID ~} from this machine's clock; entry IDs are the
     *                      server's)
     */
    public Commit(
            UnifiedJedis redis,
            Lease lease,
            InstanceKeys instance,
            long callsLength,
            long historyMillis,
            ObjectMapper json) {
        this.redis = redis;
        this.lease = lease;
        name("lease", instance.lease());
        name("output", instance.output());
        name("history", instance.history());
        name("state", instance.state());
        name("status", instance.status());
        name("inflight", instance.inflight());
        name("calls", instance.calls());
        name("dead", instance.dead());
        name("stream", instance.stream());
        this.group = instance.group().orElse("");
        this.callsLength = callsLength;
        this.historyMillis = historyMillis;
        this.json = json;
    }

    private void name(String name, Optional<String> key) {
        key.ifPresent(present -> keys.put(name, present));
    }

    /**
     * Writes whichever parts are present and have a key.
     *
     * @return false when the lease belongs to another instance, in which case nothing was written
     */
    public boolean write(Writes writes) {
        Commands commands = commands(writes);
        if (commands.writes.isEmpty()) {
            return true; // nothing this instance keeps (no output key): nothing to fence either
        }
        Map<String, Object> commit = new LinkedHashMap<>();
        commit.put("keys", List.copyOf(keys.keySet()));
        if (keys.containsKey("lease")) {
            commit.put("owner", lease.owner());
        }
        commit.put("writes", commands.writes);
        commands.arguments.set(0, encode(commit));
        Object result = SCRIPT.run(redis, List.copyOf(keys.values()), commands.arguments);
        boolean written = result instanceof Long count && count == 1L;
        if (!written) {
            lease.lost();
        }
        return written;
    }

    /**
     * Each part of the writes as a command on its key; a part whose key is off (no calls log, ...) is left out. Of a
     * run's outputs the output key is set to the last; each has its history entry.
     */
    private Commands commands(Writes writes) {
        Commands commands = new Commands();
        writes.lastOutput().ifPresent(last -> command(commands, "output", "SET", last.data()));
        for (HistoryEntry output : writes.outputs()) {
            List<String> entry = new ArrayList<>(List.of("MINID", "~", minHistoryId(), "*"));
            output.fields().forEach((field, value) -> entry.addAll(List.of(field, value)));
            command(commands, "history", "XADD", entry.toArray(String[]::new));
        }
        writes.state().ifPresent(state -> made(commands, "state", state));
        writes.status().ifPresent(status -> made(commands, "status", status));
        if (writes.inFlight() instanceof Writes.InFlightMarker.Next next) {
            command(commands, "inflight", "SET", next.marker());
        } else if (writes.inFlight() instanceof Writes.InFlightMarker.Clear) {
            command(commands, "inflight", "DEL");
        }
        for (CallRecord call : writes.calls()) {
            command(commands, "calls", "XADD", "MAXLEN", "~", Long.toString(callsLength), "*", "data", encode(call));
        }
        for (DeadLetter letter : writes.dead()) {
            command(commands, "dead", "XADD", "*", "data", encode(letter));
        }
        if (!writes.acks().isEmpty()) {
            List<String> ack = new ArrayList<>(List.of(group));
            ack.addAll(writes.acks());
            command(commands, "stream", "XACK", ack.toArray(String[]::new));
        }
        return commands;
    }

    /** SET of a value made only when its key is on. */
    private void made(Commands commands, String key, LazyText value) {
        if (keys.containsKey(key)) {
            command(commands, key, "SET", value.get());
        }
    }

    private void command(Commands commands, String key, String command, String... arguments) {
        if (keys.containsKey(key)) {
            commands.writes.add(List.of(key, command, commands.arguments.size() + 1, arguments.length));
            commands.arguments.addAll(Arrays.asList(arguments));
        }
    }

    /** The writes, each naming its arguments by their place in the script's arguments; the first is the header's. */
    private static final class Commands {
        final List<List<Object>> writes = new ArrayList<>();
        final List<String> arguments = new ArrayList<>(List.of(""));
    }

    private String minHistoryId() {
        return Long.toString(System.currentTimeMillis() - historyMillis);
    }

    private String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("records of strings and numbers always serialise", e);
        }
    }
}
