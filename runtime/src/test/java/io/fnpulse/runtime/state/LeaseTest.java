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

    @Test
    void onlyOneOfTwoInstancesHoldsTheLease(TestRedis redis) {
        Lease first = new Lease(redis.client(), Optional.of("one:lock"), "first", Duration.ofSeconds(5));
        Lease second = new Lease(redis.client(), Optional.of("one:lock"), "second", Duration.ofSeconds(5));

        assertThat(first.acquireOrRenew()).isTrue();
        assertThat(second.acquireOrRenew()).isFalse();
        assertThat(first.acquireOrRenew()).as("renewal by the holder").isTrue();
        assertThat(second.holder()).contains("first");
        assertThat(first.held()).isTrue();
        assertThat(second.held()).isFalse();
    }

    @Test
    void aStandbyTakesOverOnceTheHoldersLeaseRunsOut(TestRedis redis) {
        Lease holder = new Lease(redis.client(), Optional.of("two:lock"), "holder", Duration.ofMillis(400));
        Lease standby = new Lease(redis.client(), Optional.of("two:lock"), "standby", Duration.ofMillis(400));
        assertThat(holder.acquireOrRenew()).isTrue();

        // the holder stops renewing, as a killed process would
        await().atMost(Duration.ofSeconds(5)).until(standby::acquireOrRenew);
        assertThat(holder.acquireOrRenew()).isFalse();
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
        assertThat(other.acquireOrRenew()).isTrue();
    }

    @Test
    void withoutAKeyTheLeaseIsAlwaysHeld(TestRedis redis) {
        Lease none = new Lease(redis.client(), Optional.empty(), "solo", Duration.ofSeconds(1));
        assertThat(none.acquireOrRenew()).isTrue();
        assertThat(none.held()).isTrue();
    }
}
