package io.fnpulse.stack.author.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private final Comparison comparison = new Comparison(1e-9, "1e-9", new ObjectMapper());

    @Test
    void numbersWithinTheRelativeToleranceDoNotDiffer() {
        comparison.compare("1-0", "{\"a\": 100.0, \"b\": null}", Optional.of("{\"a\": 100.00000000001, \"b\": null}"));
        assertThat(comparison.differs()).isFalse();
        assertThat(comparison.report("in", "out:history")).last().isEqualTo("no output differs beyond the tolerance");
    }

    @Test
    void theFirstEntryBeyondTheToleranceIsNamedWithBothValues() {
        comparison.compare("1-0", "{\"a\": 10, \"b\": 1}", Optional.of("{\"a\": 10, \"b\": 1}"));
        comparison.compare("2-0", "{\"a\": 10, \"b\": 1}", Optional.of("{\"a\": 11, \"b\": 1}"));
        comparison.compare("3-0", "{\"a\": 10, \"b\": 1}", Optional.of("{\"a\": 15, \"b\": 1}"));
        assertThat(comparison.differs()).isTrue();
        assertThat(comparison.report("in", "out:history"))
                .anySatisfy(line -> assertThat(line).matches("  a +5 +0\\.333333 +entry 2-0: recorded 10, now 11"))
                .anySatisfy(line -> assertThat(line).matches("  b +0 +0 +-"))
                .last()
                .isEqualTo("1 key differs beyond the tolerance: a (first at entry 2-0)");
    }

    @Test
    void aKeyOnOneSideOnlyOrOfAnotherKindDiffers() {
        comparison.compare("1-0", "{\"a\": 1, \"s\": \"x\"}", Optional.of("{\"a\": null, \"s\": \"x\", \"new\": 2}"));
        assertThat(comparison.report("in", "out:history"))
                .anySatisfy(line -> assertThat(line).matches("  a +- +- +entry 1-0: recorded 1, now null"))
                .anySatisfy(line -> assertThat(line).matches("  new +- +- +entry 1-0: recorded \\(absent\\), now 2"))
                .anySatisfy(line -> assertThat(line).matches("  s +0 +0 +-"));
    }

    @Test
    void nothingWrittenWhereAnOutputWasRecordedDiffers() {
        comparison.compare("7-0", "{\"a\": 1}", Optional.empty());
        comparison.unrecorded();
        assertThat(comparison.differs()).isTrue();
        assertThat(comparison.report("in", "out:history"))
                .first()
                .asString()
                .contains("compared 1 outputs")
                .contains("1 entries have no recorded output");
        assertThat(comparison.report("in", "out:history"))
                .anySatisfy(line ->
                        assertThat(line).contains("wrote nothing for 1 entries").contains("first 7-0"));
    }
}
