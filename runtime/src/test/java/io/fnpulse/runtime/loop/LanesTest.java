package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class LanesTest {

    @Test
    void servesEveryItemOnceWithSeveralAtATime() throws Exception {
        List<Integer> items = IntStream.range(0, 40).boxed().toList();
        Map<Integer, Integer> served = new ConcurrentHashMap<>();
        CountDownLatch fourAtOnce = new CountDownLatch(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (Lanes lanes = new Lanes(4)) {
            assertThat(lanes.serveAll(items, item -> {
                        if (item < 4) {
                            fourAtOnce.countDown();
                            assertThat(fourAtOnce.await(10, TimeUnit.SECONDS))
                                    .as("the first four overlap")
                                    .isTrue();
                        }
                        threads.add(Thread.currentThread().getName());
                        served.merge(item, 1, Integer::sum);
                    }))
                    .isNull();
        }
        assertThat(served)
                .hasSize(40)
                .allSatisfy((item, times) -> assertThat(times).isEqualTo(1));
        assertThat(threads).hasSize(4);
    }

    @Test
    void aRedisFailureStopsItsLaneAndIsReturnedOnce() throws Exception {
        Set<Integer> served = ConcurrentHashMap.newKeySet();
        try (Lanes lanes = new Lanes(2)) {
            JedisConnectionException failure = new JedisConnectionException("gone");
            // lane 0 gets 0, 2, 4; lane 1 gets 1, 3, 5
            assertThat(lanes.serveAll(List.of(0, 1, 2, 3, 4, 5), item -> {
                        if (item == 2) {
                            throw failure;
                        }
                        served.add(item);
                    }))
                    .isSameAs(failure);
        }
        assertThat(served).contains(0, 1, 3, 5).doesNotContain(2, 4);
    }

    @Test
    void anythingElseALaneThrowsReachesTheLoopsSupervisor() {
        try (Lanes lanes = new Lanes(3)) {
            assertThatThrownBy(() -> lanes.serveAll(List.of(1, 2, 3), item -> {
                        if (item == 3) {
                            throw new AssertionError("from a lane");
                        }
                    }))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("from a lane");
        }
    }

    @Test
    void oneLaneServesInOrderOnTheCallersThread() throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        try (Lanes lanes = new Lanes(1)) {
            lanes.serveAll(
                    List.of("a", "b", "c"),
                    item -> seen.add(item + "@" + Thread.currentThread().getName()));
        }
        String me = Thread.currentThread().getName();
        assertThat(seen).containsExactly("a@" + me, "b@" + me, "c@" + me);
    }
}
