package io.fnpulse.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.testsupport.redis.RedisExtension;
import io.fnpulse.testsupport.redis.TestRedis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class StateStoreTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void roundTripsTheEnvAndTheInputDigest(TestRedis redis) {
        StateStore store = new StateStore(redis.client(), Optional.of("rt:env"), json);
        Instant savedAt = Instant.parse("2026-11-28T02:00:00Z");
        redis.client().set("rt:env", store.encode("{\"cpu_percent-0\":[[1795788005.123456,14.9]]}", "sha256:ab", "v1", savedAt));

        SavedState state = store.load().orElseThrow();

        assertThat(state.env()).containsEntry("cpu_percent-0", List.of(List.of(1795788005.123456, 14.9)));
        assertThat(state.inputDigest()).isEqualTo("sha256:ab");
        assertThat(state.savedAt()).isEqualTo(savedAt);
        assertThat(state.codeVersion()).isEqualTo("v1");
    }

    @Test
    void movesUnreadableStateAsideInsteadOfLosingIt(TestRedis redis) {
        StateStore store = new StateStore(redis.client(), Optional.of("bad:env"), json);
        redis.client().set("bad:env", "{not json");

        assertThat(store.load()).isEmpty();
        assertThat(redis.client().get("bad:env")).isNull();
        assertThat(redis.client().get("bad:env:corrupt")).isEqualTo("{not json");
    }

    @Test
    void hasNothingToLoadWhenOffOrEmpty(TestRedis redis) {
        assertThat(new StateStore(redis.client(), Optional.empty(), json).load()).isEmpty();
        assertThat(new StateStore(redis.client(), Optional.of("absent:env"), json).load()).isEmpty();
    }
}
