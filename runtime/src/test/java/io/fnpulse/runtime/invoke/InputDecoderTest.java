package io.fnpulse.runtime.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputDecoderTest {

    private final InputDecoder decoder = new InputDecoder(new ObjectMapper());

    @Test
    void decodesAnObjectKeepingIntegersAndFloatsApart() throws Exception {
        Map<String, Object> input = decoder.decode("{\"n_pids\": 320, \"cpu_percent-0\": 14.9, \"big\": 17179869184}");
        assertThat(input.get("n_pids")).isEqualTo(320);
        assertThat(input.get("cpu_percent-0")).isEqualTo(14.9);
        assertThat(input.get("big")).isEqualTo(17179869184L);
    }

    @Test
    void saysWhatTheInputIsWhenItIsNotAnObject() {
        assertThatThrownBy(() -> decoder.decode("42")).hasMessageContaining("is a JSON number, not a JSON object");
        assertThatThrownBy(() -> decoder.decode("null")).hasMessageContaining("is JSON null, not a JSON object");
        assertThatThrownBy(() -> decoder.decode("  ")).hasMessage("the input is empty, not a JSON object");
        assertThatThrownBy(() -> decoder.decode("hello")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> decoder.decode("{\"a\":1} {\"b\":2}"))
                .hasMessageContaining("has more after its JSON object");
    }
}
