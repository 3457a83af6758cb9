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
                        store.encode(
                                "{\"cpu_percent-0\":[[1795788005.123456,14.9]]}",
                                EnvForm.JSON,
                                "sha256:ab",
                                "v1",
                                savedAt));

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
                "{\"env\":{},\"codeVersion\":{\"a\":1}}",
                "{\"env\":{},\"envForm\":\"ruby\"}",
                "{\"env\":{\"x\":{\"$reduce\":[\"os.system\",[\"id\"]]}},\"envForm\":\"python\"}",
                "{\"env\":{\"x\":{\"$tuple\":3}},\"envForm\":\"python\"}"
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

    @Test
    void savesAPythonFunctionsEnvInItsTypedFormAndReadsItBackSo() throws Exception {
        StateStore store = store("py:env");
        String typed = "{\"cpu\":{\"$deque\":[{\"$tuple\":[14.9,{\"$datetime\":\"2026-11-27T14:00:05\"}]}],"
                + "\"maxlen\":12},\"by_cpu\":{\"$dict\":[[0,1.5]]}}";
        String value = store.encode(typed, EnvForm.PYTHON, "sha256:cd", "v2", NOW);
        assertThat(json.readTree(value).path("envForm").asText()).isEqualTo("python");
        redis.client().set("py:env", value);

        SavedState state = store.load().orElseThrow();

        assertThat(state.form()).isEqualTo(EnvForm.PYTHON);
        assertThat(json.writeValueAsString(state.env())).isEqualTo(typed);
    }

    @Test
    void aJavaFunctionsEnvHasNoFormFieldAndStatesWithoutOneArePlainJson() throws Exception {
        StateStore store = store("java:env");
        String value = store.encode("{\"n\":1}", EnvForm.JSON, "sha256:ef", "v3", NOW);
        assertThat(json.readTree(value).has("envForm")).isFalse();
        redis.client().set("java:env", value);

        assertThat(store.load().orElseThrow().form()).isEqualTo(EnvForm.JSON);
    }

    @Test
    void setsAsideAStateTheFunctionCannotRead() {
        redis.client().set("aside:env", "{\"env\":{}}");
        store("aside:env").setAside("the saved env cannot be restored: env['x']: $datetime is not readable");
        assertThat(redis.client().exists("aside:env")).isFalse();
        assertThat(redis.client().get("aside:env:corrupt:" + NOW.toEpochMilli()))
                .isEqualTo("{\"env\":{}}");
    }
}
