package io.fnpulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function loads from each of the forms the runtime takes, with the runtime's class-loader rules. */
class LoadingTest {

    private static final String SCALE = """
            package io.example;

            import io.fnpulse.api.Context;
            import java.util.Map;

            public class Scale {
                public Map<String, Object> handle(Map<String, Object> input, Context context) {
                    return Map.of("scaled", ((Number) input.get("value")).doubleValue() * 10);
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void loadsASourceFileAndCompilesIt() {
        Path source = TestCode.write(dir.resolve("Scale.java"), SCALE);
        try (FunctionUnderTest function =
                FunctionUnderTest.from(source).codeCache(dir.resolve("cache")).load()) {
            assertThat(function.call(Map.of("value", 4)).expectOutput()).containsEntry("scaled", 40.0);
            assertThat(function.describe()).startsWith("io.example.Scale::handle from " + source);
        }
    }

    @Test
    void loadsAJarAsIs() {
        Map<String, byte[]> classes = TestCode.compile(dir.resolve("build"), Map.of("io/example/Scale.java", SCALE));
        Path jar = new TestCode.Archive().addAll("", classes).writeTo(dir.resolve("scale.jar"));
        try (FunctionUnderTest function = FunctionUnderTest.from(jar)
                .handler("io.example.Scale::handle")
                .codeCache(dir.resolve("cache"))
                .load()) {
            assertThat(function.call(Map.of("value", 1.5)).expectOutput()).containsEntry("scaled", 15.0);
        }
    }

    @Test
    void loadsAZipOfSourcesAsFunctionZipWould() {
        Path zip =
                new TestCode.Archive().add("src/io/example/Scale.java", SCALE).writeTo(dir.resolve("scale.zip"));
        try (FunctionUnderTest function = FunctionUnderTest.from(zip)
                .handler("io.example.Scale::handle")
                .codeCache(dir.resolve("cache"))
                .load()) {
            assertThat(function.call(Map.of("value", 2)).expectOutput()).containsEntry("scaled", 20.0);
        }
    }

    @Test
    void loadsAClassFromWhereItWasCompiledInALoaderOfItsOwn() {
        try (FunctionUnderTest function = FunctionUnderTest.from(Counter.class)
                .codeCache(dir.resolve("cache"))
                .load()) {
            assertThat(function.call(Map.of("x", 2)).expectOutput()).containsEntry("doubled", 4.0);
            assertThat(function.describe()).startsWith("io.fnpulse.testkit.Counter::handle from ");
        }
        try (FunctionUnderTest function = FunctionUnderTest.from(Counter.class)
                .handler("triple")
                .codeCache(dir.resolve("cache"))
                .load()) {
            assertThat(function.call(Map.of("x", 2)).expectOutput()).containsEntry("tripled", 6.0);
        }
    }

    @Test
    void theFunctionSeesNoneOfTheRuntimesLibraries() {
        Path source = TestCode.write(dir.resolve("Peek.java"), """
                import java.util.Map;

                public class Peek {
                    public Map<String, Object> handle(Map<String, Object> input) throws Exception {
                        ClassLoader own = Thread.currentThread().getContextClassLoader();
                        boolean jackson;
                        try {
                            Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false, own);
                            jackson = true;
                        } catch (ClassNotFoundException e) {
                            jackson = false;
                        }
                        return Map.of("jackson", jackson);
                    }
                }
                """);
        try (FunctionUnderTest function =
                FunctionUnderTest.from(source).codeCache(dir.resolve("cache")).load()) {
            assertThat(function.call(Map.of()).expectOutput()).containsEntry("jackson", false);
        }
    }

    @Test
    void aCompileErrorIsTheRuntimesFileLineMessage() {
        Path source = TestCode.write(dir.resolve("Broken.java"), """
                public class Broken {
                    public Object handle(java.util.Map<String, Object> input) {
                        return input.get("x")
                    }
                }
                """);
        assertThatThrownBy(() -> FunctionUnderTest.from(source)
                        .codeCache(dir.resolve("cache"))
                        .load())
                .isInstanceOf(FunctionLoadFailure.class)
                .hasMessageStartingWith(source + ":3: error: ';' expected")
                .satisfies(failure ->
                        assertThat(((FunctionLoadFailure) failure).kind()).isEqualTo("compile"));
    }

    @Test
    void aHandlerThatIsNotThereListsWhatThereIs() {
        Path source = TestCode.write(dir.resolve("Scale.java"), SCALE);
        assertThatThrownBy(() -> FunctionUnderTest.from(source)
                        .handler("io.example.Scale::run")
                        .codeCache(dir.resolve("cache"))
                        .load())
                .isInstanceOf(FunctionLoadFailure.class)
                .hasMessage("FUNCTION_HANDLER io.example.Scale::run: no public method run(Map, Context) or run(Map)"
                        + " in io.example.Scale; public methods: handle(Map, Context); to call handle, set"
                        + " FUNCTION_HANDLER=io.example.Scale::handle (./fnpulse: --handler io.example.Scale::handle)");
    }

    @Test
    void aFileOfAnotherKindIsRefusedNamingTheKindsThereAre() {
        Path text = TestCode.write(dir.resolve("handler.txt"), "hello");
        assertThatThrownBy(() -> FunctionUnderTest.load(text))
                .isInstanceOf(FunctionLoadFailure.class)
                .hasMessageContaining("expected a .java source file, a .jar, a .py module or a .zip");
    }
}
