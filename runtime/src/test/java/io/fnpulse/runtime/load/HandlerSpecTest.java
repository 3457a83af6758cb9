package io.fnpulse.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandlerSpecTest {

    @Test
    void parsesAClassAndAMethod() {
        HandlerSpec spec = HandlerSpec.parse(" io.fnpulse.function.MetricsFunction::handle ");

        assertThat(spec.className()).isEqualTo("io.fnpulse.function.MetricsFunction");
        assertThat(spec.methodName()).contains("handle");
        assertThat(spec).hasToString("io.fnpulse.function.MetricsFunction::handle");
    }

    @Test
    void parsesAClassAlone() {
        HandlerSpec spec = HandlerSpec.parse("Greeter");

        assertThat(spec).isEqualTo(new HandlerSpec("Greeter", Optional.empty()));
        assertThat(spec).hasToString("Greeter");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "::handle",
                "Foo::",
                "a..B",
                "Foo::bar::baz",
                "1Foo",
                "Foo::class",
                "Foo:handle",
                "io.x.Foo#handle",
                "Foo::handle()"
            })
    void refusesAnythingElseWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> HandlerSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected [package.]Class[::method], e.g. io.fnpulse.function.MetricsFunction::handle");
    }
}
