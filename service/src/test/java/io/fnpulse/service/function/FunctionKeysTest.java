package io.fnpulse.service.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionKeysTest {

    @Test
    void namesEveryKeyAfterTheOutputKey() {
        FunctionKeys keys = FunctionKeys.of("metrics-output", false);
        assertThat(keys.output()).isEqualTo("metrics-output");
        assertThat(keys.env()).isEqualTo("metrics-output:env");
        assertThat(keys.status()).isEqualTo("metrics-output:status");
        assertThat(keys.lock()).isEqualTo("metrics-output:lock");
        assertThat(keys.inflight()).isEqualTo("metrics-output:inflight");
        assertThat(keys.calls()).isEqualTo("metrics-output:calls");
        assertThat(keys.dead()).isEqualTo("metrics-output:dead");
        assertThat(keys.history()).isEqualTo("metrics-output:history");
    }

    @Test
    void onAClusterTheOwnKeysShareTheOutputKeysSlot() {
        FunctionKeys keys = FunctionKeys.of("metrics-output:node-1", true);
        assertThat(keys.output()).isEqualTo("metrics-output:node-1");
        assertThat(keys.env()).isEqualTo("{metrics-output:node-1}:env");
        assertThat(keys.lock()).isEqualTo("{metrics-output:node-1}:lock");
        FunctionKeys tagged = FunctionKeys.of("{fleet}:out", true);
        assertThat(tagged.env()).isEqualTo("{fleet}:out:env");
        assertThat(FunctionKeys.of("a{}b", true).env()).isEqualTo("{a{}b}:env");
    }

    @Test
    void tellsAnInstancesOwnKeysFromOutputs() {
        assertThat(FunctionKeys.isInstanceKey("out:node-1")).isFalse();
        assertThat(FunctionKeys.isInstanceKey("out:node-1:status")).isTrue();
        assertThat(FunctionKeys.isInstanceKey("out:node-1:env:corrupt:1764633600000"))
                .isTrue();
        assertThat(FunctionKeys.isInstanceKey("{out:node-1}:history")).isTrue();
    }
}
