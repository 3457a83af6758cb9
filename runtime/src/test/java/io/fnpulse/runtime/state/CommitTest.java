package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
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

    private static Commit.Keys keys(String o, boolean lease) {
        return new Commit.Keys(
                lease ? Optional.of(o + ":lock") : Optional.empty(),
                Optional.of(o),
                Optional.of(o + ":env"),
                Optional.of(o + ":status"),
                Optional.of(o + ":inflight"),
                Optional.of(o + ":calls"),
                Optional.of(o + ":history"),
                Optional.of(o + ":stream"),
                Optional.of(o + ":dead"));
    }

    private static Commit.Writes call(String output, String state, String status, String call) {
        return new Commit.Writes(
                Optional.ofNullable(output),
                Optional.ofNullable(state),
                Optional.of(status),
                true,
                Optional.empty(),
                Optional.ofNullable(call),
                Optional.empty());
    }

    @Test
    void writesEverythingACallLeavesInOneStepAndEndsTheCall(TestRedis redis) {
        Lease lease = new Lease(redis.client(), Optional.of("out:lock"), "me", Duration.ofSeconds(5));
        lease.acquireOrRenew();
        redis.client().set("out:inflight", "{\"digest\":\"sha256:ab\",\"deaths\":0}");
        Commit commit = new Commit(redis.client(), lease, keys("out", true), "", 1000, 60_000);

        assertThat(commit.write(call("{\"a\":1}", "{\"env\":{}}", "{\"ok\":true}", "{\"outcome\":\"success\"}")))
                .isTrue();

        assertThat(redis.client().get("out")).isEqualTo("{\"a\":1}");
        assertThat(redis.client().get("out:env")).isEqualTo("{\"env\":{}}");
        assertThat(redis.client().get("out:status")).isEqualTo("{\"ok\":true}");
        assertThat(redis.client().exists("out:inflight")).as("the call ended").isFalse();
        List<StreamEntry> calls = redis.client().xrange("out:calls", (StreamEntryID) null, null);
        assertThat(calls)
                .singleElement()
                .satisfies(e -> assertThat(e.getFields()).isEqualTo(Map.of("data", "{\"outcome\":\"success\"}")));
        List<StreamEntry> history = redis.client().xrange("out:history", (StreamEntryID) null, null);
        assertThat(history).singleElement().satisfies(e -> {
            assertThat(e.getFields()).isEqualTo(Map.of("data", "{\"a\":1}"));
            assertThat(e.getID().getTime())
                    .as("the commit time")
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(10_000L));
        });
    }

    @Test
    void aFailureWritesNoOutputAndNoHistory(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        Commit commit = new Commit(redis.client(), none, keys("fail", false), "", 1000, 60_000);
        redis.client().set("fail", "{\"old\":true}");

        assertThat(commit.write(call(null, null, "{\"ok\":false}", "{\"outcome\":\"function_error\"}")))
                .isTrue();

        assertThat(redis.client().get("fail")).isEqualTo("{\"old\":true}");
        assertThat(redis.client().exists("fail:history")).isFalse();
        assertThat(redis.client().xlen("fail:calls")).isEqualTo(1);
    }

    @Test
    void acknowledgesAStreamEntryAndDeadLettersItInTheSameStep(TestRedis redis) {
        redis.client().xgroupCreate("s:stream", "g", new StreamEntryID(0, 0), true);
        StreamEntryID id = redis.client().xadd("s:stream", StreamEntryID.NEW_ENTRY, Map.of("data", "{}"));
        redis.client()
                .xreadGroup(
                        "g",
                        "c",
                        XReadGroupParams.xReadGroupParams().count(1),
                        Map.of("s:stream", StreamEntryID.UNRECEIVED_ENTRY));
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        Commit commit = new Commit(redis.client(), none, keys("s", false), "g", 1000, 60_000);

        assertThat(commit.write(new Commit.Writes(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("{\"ok\":false}"),
                        true,
                        Optional.of(id.toString()),
                        Optional.empty(),
                        Optional.of("{\"streamId\":\"" + id + "\"}"))))
                .isTrue();

        assertThat(redis.client().xpending("s:stream", "g").getTotal()).isZero();
        assertThat(redis.client().xlen("s:dead")).isEqualTo(1);
    }

    @Test
    void keepsTheCallsLogToAboutItsLength(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        Commit commit = new Commit(redis.client(), none, keys("capped", false), "", 10, 60_000);
        for (int i = 0; i < 500; i++) {
            commit.write(call(null, null, "{}", "{\"n\":" + i + "}"));
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
        Commit commit = new Commit(redis.client(), lease, keys("st", true), "", 1000, 60_000);

        assertThat(commit.write(Commit.Writes.status("{\"ok\":false}"))).isTrue();
        assertThat(redis.client().exists("st:inflight")).isTrue();
    }

    @Test
    void writesNothingOnceAnotherInstanceHoldsTheLease(TestRedis redis) {
        Lease stale = new Lease(redis.client(), Optional.of("fenced:lock"), "stale", Duration.ofSeconds(5));
        stale.acquireOrRenew();
        redis.client().set("fenced:lock", "successor"); // the lease ran out during a pause and was taken
        Commit commit = new Commit(redis.client(), stale, keys("fenced", true), "", 1000, 60_000);

        assertThat(commit.write(call("{\"late\":true}", "{}", "{}", "{}"))).isFalse();
        assertThat(redis.client().get("fenced")).isNull();
        assertThat(redis.client().get("fenced:env")).isNull();
        assertThat(redis.client().exists("fenced:calls")).isFalse();
        assertThat(stale.held()).isFalse();
        assertThat(stale.acquireOrRenew()).isEqualTo(new Lease.Attempt.HeldBy("successor"));
    }
}
