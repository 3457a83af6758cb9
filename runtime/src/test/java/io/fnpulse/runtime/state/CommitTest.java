package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.CallOutcome;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.DeadLetter;
import io.fnpulse.service.function.HistoryEntry;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

@ExtendWith(RedisExtension.class)
class CommitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static InstanceKeys keys(String o, boolean lease) {
        return new InstanceKeys(
                o + "-in",
                Optional.of(o),
                Optional.of(o + ":env"),
                Optional.of(o + ":status"),
                lease ? Optional.of(o + ":lock") : Optional.empty(),
                Optional.of(o + ":inflight"),
                Optional.of(o + ":calls"),
                Optional.of(o + ":history"),
                Optional.of(o + ":stream"),
                Optional.of(o + ":dead"),
                Optional.of("g"));
    }

    private static Commit commit(TestRedis redis, Lease lease, InstanceKeys keys, long callsLength) {
        return new Commit(redis.client(), lease, keys, callsLength, 60_000, JSON);
    }

    private static CallRecord call(CallOutcome outcome, int n) {
        return new CallRecord(
                "2026-12-02T03:00:00Z", "sha256:ab", null, outcome, (double) n, "v1", null, null, null, null, null);
    }

    /** A success without a stream entry: its output, with the history entry that names its input. */
    private static Writes success(String output, String digest) {
        return Writes.success(
                new HistoryEntry(output, digest, Optional.empty()),
                LazyText.of("{\"env\":{}}"),
                LazyText.of("{\"ok\":true}"),
                call(CallOutcome.SUCCESS, 1),
                Optional.empty());
    }

    private static JsonNode data(StreamEntry entry) throws Exception {
        return JSON.readTree(entry.getFields().get("data"));
    }

    @Test
    void writesEverythingACallLeavesInOneStepAndEndsTheCall(TestRedis redis) throws Exception {
        Lease lease = new Lease(redis.client(), Optional.of("out:lock"), "me", Duration.ofSeconds(5));
        lease.acquireOrRenew();
        redis.client().set("out:inflight", "{\"digest\":\"sha256:ab\",\"deaths\":0}");

        assertThat(commit(redis, lease, keys("out", true), 1000).write(success("{\"a\":1}", "sha256:ab")))
                .isTrue();

        assertThat(redis.client().get("out")).isEqualTo("{\"a\":1}");
        assertThat(redis.client().get("out:env")).isEqualTo("{\"env\":{}}");
        assertThat(redis.client().get("out:status")).isEqualTo("{\"ok\":true}");
        assertThat(redis.client().exists("out:inflight")).as("the call ended").isFalse();
        List<StreamEntry> calls = redis.client().xrange("out:calls", (StreamEntryID) null, null);
        assertThat(calls).singleElement().satisfies(e -> {
            assertThat(e.getFields()).containsOnlyKeys("data");
            assertThat(data(e).path("outcome").asText()).isEqualTo("success");
            assertThat(data(e).has("streamId")).as("absent, not null").isFalse();
        });
        List<StreamEntry> history = redis.client().xrange("out:history", (StreamEntryID) null, null);
        assertThat(history).singleElement().satisfies(e -> {
            assertThat(e.getFields()).isEqualTo(Map.of("data", "{\"a\":1}", "inputDigest", "sha256:ab"));
            assertThat(e.getID().getTime())
                    .as("the commit time")
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        });
    }

    @Test
    void theHistoryEntryOfAStreamEntrysOutputNamesThatEntry(TestRedis redis) throws Exception {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        HistoryEntry output = new HistoryEntry("{\"b\":2}", "sha256:cd", Optional.of("1700000000000-3"));

        commit(redis, none, keys("named", false))
                .write(Writes.success(
                        output, LazyText.of("{}"), LazyText.of("{}"), call(CallOutcome.SUCCESS, 1), Optional.empty()));

        StreamEntry entry = redis.client()
                .xrange("named:history", (StreamEntryID) null, null)
                .get(0);
        assertThat(entry.getFields())
                .isEqualTo(Map.of("data", "{\"b\":2}", "inputDigest", "sha256:cd", "streamId", "1700000000000-3"));
        assertThat(HistoryEntry.of(entry.getFields())).contains(output);
    }

    private static Commit commit(TestRedis redis, Lease lease, InstanceKeys keys) {
        return commit(redis, lease, keys, 1000);
    }

    @Test
    void aFailureWritesNoOutputAndNoHistory(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        redis.client().set("fail", "{\"old\":true}");

        assertThat(commit(redis, none, keys("fail", false))
                        .write(Writes.failed(LazyText.of("{\"ok\":false}"), call(CallOutcome.FUNCTION_ERROR, 2))))
                .isTrue();

        assertThat(redis.client().get("fail")).isEqualTo("{\"old\":true}");
        assertThat(redis.client().exists("fail:history")).isFalse();
        assertThat(redis.client().exists("fail:env")).isFalse();
        assertThat(redis.client().xlen("fail:calls")).isEqualTo(1);
    }

    @Test
    void acknowledgesAStreamEntryAndDeadLettersItInTheSameStep(TestRedis redis) throws Exception {
        redis.client().xgroupCreate("s:stream", "g", new StreamEntryID(0, 0), true);
        StreamEntryID id = redis.client().xadd("s:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{}"));
        redis.client()
                .xreadGroup(
                        "g",
                        "c",
                        XReadGroupParams.xReadGroupParams().count(1),
                        Map.of("s:stream", StreamEntryID.UNRECEIVED_ENTRY));
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        DeadLetter letter = new DeadLetter(
                id.toString(),
                new DeadLetter.Entry(null),
                new DeadLetter.Reason("BadThing", "it broke"),
                3,
                "v1",
                "2026-12-02T03:00:00Z");

        assertThat(commit(redis, none, keys("s", false))
                        .write(Writes.deadLettered(
                                LazyText.of("{\"ok\":false}"), call(CallOutcome.BAD_INPUT, 0), letter, id.toString())))
                .isTrue();

        assertThat(redis.client().xpending("s:stream", "g").getTotal()).isZero();
        StreamEntry dead =
                redis.client().xrange("s:dead", (StreamEntryID) null, null).get(0);
        assertThat(data(dead).path("entry").has("data"))
                .as("an entry without data says so")
                .isTrue();
        assertThat(JSON.readValue(dead.getFields().get("data"), DeadLetter.class))
                .isEqualTo(letter);
    }

    @Test
    void aRunOfEntriesIsOneCommitThatLeavesWhatItsCommitsOneByOneWouldHave(TestRedis redis) throws Exception {
        Lease lease = new Lease(redis.client(), Optional.of("run:lock"), "me", Duration.ofSeconds(5));
        lease.acquireOrRenew();
        redis.client().xgroupCreate("run:stream", "g", new StreamEntryID(), true);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add(redis.client()
                    .xadd("run:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{\"n\":" + i + "}"))
                    .toString());
        }
        redis.client()
                .xreadGroup(
                        "g",
                        "c",
                        XReadGroupParams.xReadGroupParams().count(10),
                        Map.of("run:stream", StreamEntryID.UNRECEIVED_ENTRY));
        DeadLetter letter = new DeadLetter(
                ids.get(1),
                new DeadLetter.Entry("{\"n\":2}"),
                new DeadLetter.Reason("BadThing", "it broke"),
                3,
                "v1",
                "2026-12-02T03:00:00Z");
        Writes run = Writes.success(
                        new HistoryEntry("{\"out\":1}", "sha256:1", Optional.of(ids.get(0))),
                        LazyText.of("{\"env\":1}"),
                        LazyText.of("{\"ok\":true,\"n\":1}"),
                        call(CallOutcome.SUCCESS, 1),
                        Optional.of(ids.get(0)))
                .then(Writes.deadLettered(
                        LazyText.of("{\"ok\":false}"), call(CallOutcome.FUNCTION_ERROR, 2), letter, ids.get(1)))
                .then(Writes.success(
                        new HistoryEntry("{\"out\":3}", "sha256:3", Optional.of(ids.get(2))),
                        LazyText.of("{\"env\":3}"),
                        LazyText.of("{\"ok\":true,\"n\":3}"),
                        call(CallOutcome.SUCCESS, 3),
                        Optional.of(ids.get(2))))
                .markingNext("{\"digest\":\"sha256:4\",\"deaths\":0}");

        assertThat(commit(redis, lease, keys("run", true)).write(run)).isTrue();

        assertThat(redis.client().get("run")).as("the last output").isEqualTo("{\"out\":3}");
        assertThat(redis.client().get("run:env")).isEqualTo("{\"env\":3}");
        assertThat(redis.client().get("run:status")).isEqualTo("{\"ok\":true,\"n\":3}");
        assertThat(redis.client().get("run:inflight")).contains("sha256:4");
        assertThat(redis.client().xrange("run:history", (StreamEntryID) null, null))
                .extracting(entry -> entry.getFields().get("data"))
                .containsExactly("{\"out\":1}", "{\"out\":3}");
        assertThat(redis.client().xrange("run:calls", (StreamEntryID) null, null))
                .extracting(entry -> data(entry).path("durationMs").asInt())
                .containsExactly(1, 2, 3);
        assertThat(redis.client().xrange("run:dead", (StreamEntryID) null, null))
                .extracting(entry -> data(entry).path("streamId").asText())
                .containsExactly(ids.get(1));
        assertThat(redis.client().xpending("run:stream", "g").getTotal())
                .as("all three acknowledged")
                .isZero();
    }

    @Test
    void keepsTheCallsLogToAboutItsLength(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        Commit commit = commit(redis, none, keys("capped", false), 10);
        for (int i = 0; i < 500; i++) {
            commit.write(Writes.failed(LazyText.of("{}"), call(CallOutcome.TIMEOUT, i)));
        }
        assertThat(redis.client().xlen("capped:calls"))
                .as("MAXLEN ~ trims whole nodes")
                .isBetween(10L, 200L);
    }

    @Test
    void aStatusThatEndsNoCallLeavesTheInFlightMarker(TestRedis redis) {
        Lease lease = new Lease(redis.client(), Optional.of("st:lock"), "me", Duration.ofSeconds(5));
        lease.acquireOrRenew();
        redis.client().set("st:inflight", "{\"digest\":\"sha256:ab\",\"deaths\":0}");

        assertThat(commit(redis, lease, keys("st", true)).write(Writes.status("{\"ok\":false}")))
                .isTrue();
        assertThat(redis.client().exists("st:inflight")).isTrue();
    }

    @Test
    void aKeyThatIsOffIsNotWritten(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        InstanceKeys withoutLogs = new InstanceKeys(
                "quiet-in",
                Optional.of("quiet"),
                Optional.empty(),
                Optional.of("quiet:status"),
                Optional.empty(),
                Optional.of("quiet:inflight"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());

        commit(redis, none, withoutLogs).write(success("{\"q\":1}", "sha256:ef"));

        assertThat(redis.client().get("quiet")).isEqualTo("{\"q\":1}");
        assertThat(redis.client().get("quiet:status")).isEqualTo("{\"ok\":true}");
        assertThat(redis.client().keys("quiet*")).containsExactlyInAnyOrder("quiet", "quiet:status");
    }

    @Test
    void writesNothingOnceAnotherInstanceHoldsTheLease(TestRedis redis) {
        Lease stale = new Lease(redis.client(), Optional.of("fenced:lock"), "stale", Duration.ofSeconds(5));
        stale.acquireOrRenew();
        redis.client().set("fenced:lock", "successor"); // the lease ran out during a pause and was taken

        assertThat(commit(redis, stale, keys("fenced", true)).write(success("{\"late\":true}", "sha256:ab")))
                .isFalse();
        assertThat(redis.client().get("fenced")).isNull();
        assertThat(redis.client().get("fenced:env")).isNull();
        assertThat(redis.client().exists("fenced:history")).isFalse();
        assertThat(redis.client().exists("fenced:calls")).isFalse();
        assertThat(stale.held()).isFalse();
        assertThat(stale.acquireOrRenew()).isEqualTo(new Lease.Attempt.HeldBy("successor"));
    }
}
