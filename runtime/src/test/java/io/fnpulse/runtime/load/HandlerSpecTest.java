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
                "io.x.Foo#handle",
                "Foo::handle()",
                "module:",
                ":handler",
                "mod:handle:x",
                "mod:def",
                "pkg..mod:handler",
                "my-module:handler",
                "import.handler"
            })
    void refusesAnythingElseWithTheExpectedForm(String text) {
        assertThatThrownBy(() -> HandlerSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected [package.]Class[::method] for Java or [module.]function or module:function"
                        + " for Python, e.g. io.fnpulse.function.MetricsFunction::handle or metrics:handler");
    }

    @Test
    void readsPythonsColonFormAsModuleAndFunction() {
        HandlerSpec spec = HandlerSpec.parse("pkg.metrics:handler");

        assertThat(spec.python()).isEqualTo(new HandlerSpec.PythonEntry(Optional.of("pkg.metrics"), "handler"));
        assertThat(spec.javaForm()).isFalse();
        assertThat(spec).hasToString("pkg.metrics:handler");
    }

    @Test
    void readsADottedNameAsAFunctionOfTheModuleBeforeTheLastDot() {
        assertThat(HandlerSpec.parse("pkg.metrics.handler").python())
                .isEqualTo(new HandlerSpec.PythonEntry(Optional.of("pkg.metrics"), "handler"));
        assertThat(HandlerSpec.parse("handle").python())
                .isEqualTo(new HandlerSpec.PythonEntry(Optional.empty(), "handle"));
        assertThat(HandlerSpec.parse("pkg.metrics.handler").javaForm()).isTrue();
    }

    @Test
    void acceptsAPythonNameThatJavaReservesAsAKeyword() {
        HandlerSpec spec = HandlerSpec.parse("default.handler");

        assertThat(spec.javaForm()).isFalse();
        assertThat(spec.python()).isEqualTo(new HandlerSpec.PythonEntry(Optional.of("default"), "handler"));
    }

    @Test
    void knowsJavasDoubleColonIsNoPythonEntry() {
        HandlerSpec spec = HandlerSpec.parse("Foo::handle");

        assertThat(spec.javaOnly()).isTrue();
        assertThatThrownBy(spec::python).isInstanceOf(IllegalStateException.class);
    }
}
