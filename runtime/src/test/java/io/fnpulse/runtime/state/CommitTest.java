package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class CommitTest {

    @Test
    void writesOutputStateAndStatusTogetherAndEndsTheCall(TestRedis redis) {
        Lease lease = new Lease(redis.client(), Optional.of("out:lock"), "me", Duration.ofSeconds(5));
        lease.acquireOrRenew();
        redis.client().set("out:inflight", "{\"digest\":\"sha256:ab\",\"deaths\":0}");
        Commit commit = new Commit(redis.client(), lease, Optional.of("out"), Optional.of("out:env"),
                Optional.of("out:status"), Optional.of("out:inflight"));

        assertThat(commit.write(Optional.of("{\"a\":1}"), Optional.of("{\"env\":{}}"), Optional.of("{\"ok\":true}"),
                true)).isTrue();

        assertThat(redis.client().get("out")).isEqualTo("{\"a\":1}");
        assertThat(redis.client().get("out:env")).isEqualTo("{\"env\":{}}");
        assertThat(redis.client().get("out:status")).isEqualTo("{\"ok\":true}");
        assertThat(redis.client().exists("out:inflight")).as("the call ended").isFalse();
    }

    @Test
    void aStatusThatEndsNoCallLeavesTheInFlightMarker(TestRedis redis) {
        Lease lease = new Lease(redis.client(), Optional.of("st:lock"), "me", Duration.ofSeconds(5));
        lease.acquireOrRenew();
        redis.client().set("st:inflight", "{\"digest\":\"sha256:ab\",\"deaths\":0}");
        Commit commit = new Commit(redis.client(), lease, Optional.of("st"), Optional.empty(), Optional.of("st:status"),
                Optional.of("st:inflight"));

        assertThat(commit.write(Optional.empty(), Optional.empty(), Optional.of("{\"ok\":false}"), false)).isTrue();
        assertThat(redis.client().exists("st:inflight")).isTrue();
    }

    @Test
    void writesNothingOnceAnotherInstanceHoldsTheLease(TestRedis redis) {
        Lease stale = new Lease(redis.client(), Optional.of("fenced:lock"), "stale", Duration.ofSeconds(5));
        stale.acquireOrRenew();
        redis.client().set("fenced:lock", "successor"); // the lease ran out during a pause and was taken
        Commit commit = new Commit(redis.client(), stale, Optional.of("fenced"), Optional.of("fenced:env"),
                Optional.empty(), Optional.empty());

        assertThat(commit.write(Optional.of("{\"late\":true}"), Optional.of("{}"), Optional.empty(), true)).isFalse();
        assertThat(redis.client().get("fenced")).isNull();
        assertThat(redis.client().get("fenced:env")).isNull();
    }

    @Test
    void aRefusedWriteMakesTheLeaseAskRedisAgain(TestRedis redis) {
        Lease stale = new Lease(redis.client(), Optional.of("asked:lock"), "stale", Duration.ofSeconds(5));
        stale.acquireOrRenew();
        redis.client().set("asked:lock", "successor"); // as after a Redis restart that lost the key
        Commit commit = new Commit(redis.client(), stale, Optional.of("asked"), Optional.empty(), Optional.empty(),
                Optional.empty());

        assertThat(commit.write(Optional.of("{\"late\":true}"), Optional.empty(), Optional.empty(), true)).isFalse();
        assertThat(stale.held()).isFalse();
        assertThat(stale.acquireOrRenew()).isEqualTo(new Lease.Attempt.HeldBy("successor"));
    }

    @Test
    void skipsValuesThatAreAbsentOrHaveNoKey(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(5));
        Commit commit = new Commit(redis.client(), none, Optional.of("kept"), Optional.empty(),
                Optional.of("kept:status"), Optional.empty());
        redis.client().set("kept", "{\"old\":true}");

        assertThat(commit.write(Optional.empty(), Optional.of("{\"ignored\":1}"), Optional.of("{\"ok\":false}"), true))
                .isTrue();
        assertThat(redis.client().get("kept")).isEqualTo("{\"old\":true}");
        assertThat(redis.client().get("kept:status")).isEqualTo("{\"ok\":false}");
    }
}
