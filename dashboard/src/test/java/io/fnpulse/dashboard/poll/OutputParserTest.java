package io.fnpulse.dashboard.poll;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.dashboard.poll.Problem.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputParserTest {

    private final OutputParser parser = new OutputParser(new ObjectMapper(), "out");

    @Test
    void keepsTheNumbersOfAnObjectInItsOrder() {
        Output output = parser.parse("{\"b\": 2.5, \"a\": 1, \"moving_average_cpu_percent-0\": 14.9}");
        assertThat(output).isInstanceOfSatisfying(Output.Numbers.class, numbers -> {
            assertThat(numbers.values())
                    .containsExactly(
                            java.util.Map.entry("b", 2.5),
                            java.util.Map.entry("a", 1.0),
                            java.util.Map.entry("moving_average_cpu_percent-0", 14.9));
            assertThat(numbers.ignored()).isEmpty();
        });
    }

    @Test
    void ignoresFieldsThatAreNotFiniteNumbersAndKeepsTheRest() {
        Output output = parser.parse(
                "{\"x\": 1, \"name\": \"cpu\", \"ok\": true, \"none\": null, \"nested\": {\"y\": 2}, \"huge\": 1e999}");
        assertThat(output).isInstanceOfSatisfying(Output.Numbers.class, numbers -> {
            assertThat(numbers.values()).containsOnlyKeys("x");
            assertThat(numbers.ignored()).containsExactly("name", "ok", "none", "nested", "huge");
        });
    }

    @Test
    void aMissingKeyIsNamed() {
        assertThat(parser.parse((String) null))
                .isEqualTo(new Output.Unusable(new Problem(
                        Kind.MISSING_KEY, "key out does not exist (has the function written anything yet?)")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | EMPTY_VALUE",
                "'   '                       | EMPTY_VALUE",
                "not json                    | NOT_JSON",
                "'{\"a\": 1'                 | NOT_JSON",
                "'[1, 2, 3]'                 | NOT_AN_OBJECT",
                "42                          | NOT_AN_OBJECT",
                "'\"text\"'                  | NOT_AN_OBJECT",
                "null                        | NOT_AN_OBJECT",
                "'{\"a\": \"1\", \"b\": null}' | NO_NUMBERS",
                "'{}'                        | NO_NUMBERS",
            })
    void namesWhatIsWrongWithAValueItCannotChart(String raw, Kind kind) {
        Output output = parser.parse(raw);
        assertThat(output).isInstanceOfSatisfying(Output.Unusable.class, unusable -> {
            assertThat(unusable.problem().kind()).isEqualTo(kind);
            assertThat(unusable.problem().message()).startsWith("key out ");
        });
    }

    @Test
    void quotesOnlyTheStartOfALongBadValue() {
        String raw = "x".repeat(10_000);
        Output.Unusable output = (Output.Unusable) parser.parse(raw);
        assertThat(output.problem().message()).hasSizeLessThan(200).endsWith("…'");
    }
}
