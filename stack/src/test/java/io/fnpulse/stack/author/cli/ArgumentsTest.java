package io.fnpulse.stack.author.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    private static final Set<String> KNOWN = Set.of("--handler", "--timeout");

    @Test
    void readsPositionalArgumentsAndOptionsInEitherForm() {
        Arguments args =
                Arguments.parse(List.of("Fn.java", "--handler", "Fn::run", "--timeout=2.5", "-"), KNOWN, "usage: x");
        assertThat(args.positional()).containsExactly("Fn.java", "-");
        assertThat(args.option("--handler")).contains("Fn::run");
        assertThat(args.seconds("--timeout", Duration.ofMillis(10), Duration.ofHours(1)))
                .contains(Duration.ofMillis(2500));
    }

    @Test
    void wrongUseNamesTheOptionAndShowsTheUsage() {
        assertThatThrownBy(() -> Arguments.parse(List.of("--fast"), KNOWN, "usage: x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --fast\nusage: x");
        assertThatThrownBy(() -> Arguments.parse(List.of("--handler"), KNOWN, "usage: x"))
                .hasMessage("--handler needs a value\nusage: x");
        assertThatThrownBy(() -> Arguments.parse(List.of("--handler", "a", "--handler", "b"), KNOWN, "usage: x"))
                .hasMessage("--handler is given twice\nusage: x");
        Arguments slow = Arguments.parse(List.of("--timeout", "soon"), KNOWN, "usage: x");
        assertThatThrownBy(() -> slow.seconds("--timeout", Duration.ofMillis(10), Duration.ofHours(1)))
                .hasMessageStartingWith("--timeout='soon' is not valid: expected a decimal number of seconds");
        assertThatThrownBy(() -> Arguments.parse(List.of(), KNOWN, "usage: x").single("function"))
                .hasMessage("no function given\nusage: x");
    }
}
