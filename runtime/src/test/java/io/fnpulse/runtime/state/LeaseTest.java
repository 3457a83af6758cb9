package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class LeaseTest {

    private static final Lease.Attempt HELD = new Lease.Attempt.Held();

    @Test
    void onlyOneOfTwoInstancesHoldsTheLease(TestRedis redis) {
        Lease first = new Lease(redis.client(), Optional.of("one:lock"), "first", Duration.ofSeconds(5));
        Lease second = new Lease(redis.client(), Optional.of("one:lock"), "second", Duration.ofSeconds(5));

        assertThat(first.acquireOrRenew()).isEqualTo(HELD);
        assertThat(second.acquireOrRenew()).isEqualTo(new Lease.Attempt.HeldBy("first"));
        assertThat(first.acquireOrRenew()).as("renewal by the holder").isEqualTo(HELD);
        assertThat(first.held()).isTrue();
        assertThat(second.held()).isFalse();
    }

    @Test
    void aStandbyTakesOverOnceTheHoldersLeaseRunsOut(TestRedis redis) {
        Lease holder = new Lease(redis.client(), Optional.of("two:lock"), "holder", Duration.ofMillis(400));
        Lease standby = new Lease(redis.client(), Optional.of("two:lock"), "standby", Duration.ofMillis(400));
        assertThat(holder.acquireOrRenew()).isEqualTo(HELD);

        // the holder stops renewing, as a killed process would
        await().atMost(Duration.ofSeconds(5))
                .until(() -> standby.acquireOrRenew().equals(HELD));
        assertThat(holder.acquireOrRenew()).isEqualTo(new Lease.Attempt.HeldBy("standby"));
        assertThat(holder.held()).isFalse();
    }

    @Test
    void releaseFreesTheLeaseOnlyForItsHolder(TestRedis redis) {
        Lease holder = new Lease(redis.client(), Optional.of("three:lock"), "holder", Duration.ofSeconds(5));
        Lease other = new Lease(redis.client(), Optional.of("three:lock"), "other", Duration.ofSeconds(5));
        holder.acquireOrRenew();
        other.acquireOrRenew();
        other.release();
        assertThat(redis.client().get("three:lock")).isEqualTo("holder");
        holder.release();
        assertThat(redis.client().get("three:lock")).isNull();
        assertThat(other.acquireOrRenew()).isEqualTo(HELD);
    }

    @Test
    void aLockKeyOfAnotherTypeIsNamedNotMistakenForAnOutage(TestRedis redis) {
        redis.client().rpush("typed:lock", "x");
        Lease lease = new Lease(redis.client(), Optional.of("typed:lock"), "me", Duration.ofSeconds(5));
        Lease.Attempt attempt = lease.acquireOrRenew();
        assertThat(attempt).isEqualTo(new Lease.Attempt.NotALock("typed:lock", "list"));
        assertThat(((Lease.Attempt.NotALock) attempt).problem())
                .startsWith("the lease key typed:lock holds a list, not a lease");
        assertThat(lease.held()).isFalse();
        lease.release();
        assertThat(redis.client().type("typed:lock")).isEqualTo("list");
    }

    @Test
    void withoutAKeyTheLeaseIsAlwaysHeld(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(1));
        assertThat(none.acquireOrRenew()).isEqualTo(HELD);
        assertThat(none.held()).isTrue();
    }
}
