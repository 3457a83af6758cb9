package io.fnpulse.runtime.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.fleet.KeyScan;
import io.fnpulse.runtime.fleet.Members;
import io.fnpulse.service.function.KeyPattern;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pattern's keys spread over the live replicas: all served, none twice, and a share moves when one joins. */
@ExtendWith(RedisExtension.class)
class FleetTest {

    private final TestRedis redis;

    FleetTest(TestRedis redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.client().flushAll();
    }

    private Fleet replica(String name) {
        KeyPattern pattern = KeyPattern.of("host:*").orElseThrow();
        return Fleet.pattern(
                pattern,
                key -> Instances.of(
                        redis.client(), key, "out:" + pattern.suffixOf(key).orElseThrow(), name, Duration.ofSeconds(5)),
                new KeyScan(redis.client(), pattern, "string"),
                new Members(redis.client(), Members.keyFor("out"), name, Duration.ofSeconds(5)),
                Duration.ZERO);
    }

    private static Set<String> serving(Fleet fleet) {
        Set<String> keys = new HashSet<>();
        fleet.instances().stream()
                .filter(instance -> !instance.retiring())
                .forEach(instance -> keys.add(instance.keys().input()));
        return keys;
    }

    @Test
    void spreadsTheKeysOverTheReplicasWithoutServingAnyTwice() {
        for (int i = 0; i < 60; i++) {
            redis.client().set("host:" + i, "{}");
        }
        redis.client().set("other:1", "{}");
        Fleet a = replica("a");
        Fleet b = replica("b");
        a.refresh();
        b.refresh();
        a.refresh();

        Set<String> onA = serving(a);
        Set<String> onB = serving(b);
        assertThat(onA).doesNotContainAnyElementsOf(onB);
        Set<String> all = new HashSet<>(onA);
        all.addAll(onB);
        assertThat(all).hasSize(60).allMatch(key -> key.startsWith("host:"));
        assertThat(onA.size()).as("a fair share").isBetween(15, 45);

        Fleet c = replica("c");
        c.refresh();
        a.refresh();
        b.refresh();
        Set<String> onC = serving(c);
        assertThat(onC).isNotEmpty().doesNotContainAnyElementsOf(serving(a)).doesNotContainAnyElementsOf(serving(b));
        assertThat(onA).containsAll(serving(a)).as("a only gave keys away");
    }

    @Test
    void aKeyThatAppearsIsServedAtOnceAndOneThatGoesIsRetired() {
        Fleet only = replica("solo");
        only.refresh();
        only.written("host:new");
        assertThat(serving(only)).contains("host:new");
        redis.client().set("host:kept", "{}");
        only.refresh();
        assertThat(serving(only)).contains("host:kept");
        Instance kept = only.instances().stream()
                .filter(i -> i.keys().input().equals("host:kept"))
                .findFirst()
                .orElseThrow();
        redis.client().del("host:kept");
        only.refresh();
        assertThat(kept.retiring()).isTrue();
        assertThat(serving(only)).doesNotContain("host:kept");
    }

    /**
     * A notification (or the leadership thread) marks keys while the function loop takes the marked ones: every key
     * marked is taken by a later take, however the two interleave.
     */
    @Test
    void noKeyMarkedWhileTheMarkedOnesAreTakenIsLost() throws Exception {
        Fleet fleet = replica("solo");
        fleet.refresh();
        List<String> keys = IntStream.range(0, 500).mapToObj(i -> "host:" + i).toList();
        keys.forEach(fleet::written);
        fleet.takeDirty();
        Set<String> taken = ConcurrentHashMap.newKeySet();
        AtomicLong takes = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread taker = new Thread(() -> {
            while (running.get()) {
                fleet.takeDirty().forEach(instance -> taken.add(instance.keys().input()));
                takes.incrementAndGet();
            }
        });
        taker.start();
        try {
            for (int round = 0; round < 200; round++) {
                taken.clear();
                keys.forEach(fleet::written);
                long after = takes.get();
                while (takes.get() < after + 2) {
                    Thread.onSpinWait();
                }
                Set<String> lost = new HashSet<>(keys);
                lost.removeAll(taken);
                assertThat(lost).as("marked in round %d and never taken", round).isEmpty();
            }
        } finally {
            running.set(false);
            taker.join();
        }
    }
}
