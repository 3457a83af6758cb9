package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(RedisExtension.class)
class StateStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TestRedis redis;

    StateStoreTest(TestRedis redis) {
        this.redis = redis;
    }

    private StateStore store(String key) {
        return new StateStore(redis.client(), Optional.of(key), json, clock);
    }

    @Test
    void roundTripsTheEnvAndTheInputDigest() {
        StateStore store = store("rt:env");
        Instant savedAt = Instant.parse("2026-11-28T02:00:00Z");
        redis.client()
                .set(
                        "rt:env",
                        store.encode("{\"cpu_percent-0\":[[1795788005.123456,14.9]]}", "sha256:ab", "v1", savedAt));

        SavedState state = store.load().orElseThrow();

        assertThat(state.env()).containsEntry("cpu_percent-0", List.of(List.of(1795788005.123456, 14.9)));
        assertThat(state.inputDigest()).isEqualTo("sha256:ab");
        assertThat(state.savedAt()).isEqualTo(savedAt);
        assertThat(state.codeVersion()).isEqualTo("v1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "[1, 2]",
                "{\"inputDigest\":\"sha256:ab\"}",
                "{\"env\":[1]}",
                "{\"env\":{},\"savedAt\":\"yesterday\"}",
                "{\"env\":{},\"inputDigest\":42}",
                "{\"env\":{},\"codeVersion\":{\"a\":1}}"
            })
    void movesAValueThatFailsInAnyFieldAsideInsteadOfLosingIt(String value) {
        redis.client().del("bad:env", "bad:env:corrupt:" + NOW.toEpochMilli());
        redis.client().set("bad:env", value);

        assertThat(store("bad:env").load()).isEmpty();
        assertThat(redis.client().exists("bad:env")).isFalse();
        assertThat(redis.client().get("bad:env:corrupt:" + NOW.toEpochMilli())).isEqualTo(value);
    }

    @Test
    void movesAStateKeyOfAnotherTypeAside() {
        redis.client().hset("typed:env", "env", "{}");
        assertThat(store("typed:env").load()).isEmpty();
        assertThat(redis.client().type("typed:env:corrupt:" + NOW.toEpochMilli()))
                .isEqualTo("hash");
    }

    @Test
    void neverOverwritesAnEarlierCorruptValue() {
        redis.client().set("twice:env", "first");
        store("twice:env").load();
        redis.client().set("twice:env", "second");
        store("twice:env").load();
        assertThat(redis.client().get("twice:env:corrupt:" + NOW.toEpochMilli()))
                .isEqualTo("first");
        assertThat(redis.client().get("twice:env:corrupt:" + (NOW.toEpochMilli() + 1)))
                .isEqualTo("second");
    }

    @Test
    void hasNothingToLoadWhenOffOrEmpty() {
        assertThat(new StateStore(redis.client(), Optional.empty(), json, clock).load())
                .isEmpty();
        assertThat(store("absent:env").load()).isEmpty();
    }
}
