package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failed;
import static io.fnpulse.runtime.load.Refreshes.failure;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FUNCTION_PATH pointing at one .java file, as mounted from a ConfigMap. */
class SingleSourceFileTest {

    @TempDir
    Path dir;

    private Path work() {
        return dir.resolve("work");
    }

    @Test
    void compilesTheFileAndCallsHandleOfItsPublicClassWhenNoHandlerIsSet() throws Exception {
        // the file is named like a ConfigMap key, not like the class in it
        Path source = TestCode.write(dir.resolve("usermodule.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                class Helper {
                    static String greet(Object name) { return "hello " + name; }
                }

                public class Greeter {
                    public Map<String, Object> handle(Map<String, Object> input, Context context) {
                        return Map.of("greeting", Helper.greet(input.get("name")));
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(Map.of("name", "ada"), new TestContext()))
                    .isEqualTo(Map.of("greeting", "hello ada"));
            assertThat(function.describe())
                    .isEqualTo("Greeter::handle from " + source + " (" + function.version() + ", compiled)");
            assertThat(function.version()).isEqualTo(sha256(source).substring(0, 12));
            assertThat(function.modifiedAt())
                    .isEqualTo(Files.getLastModifiedTime(source).toInstant());
            assertThat(live.current()).containsSame(function);
        }
    }

    @Test
    void usesAPublicClassThatImplementsHandlerWhenNoHandlerIsSet() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), """
                package io.example;

                import io.fnpulse.api.Context;
                import io.fnpulse.api.Handler;
                import java.util.Map;

                public final class Doubler implements Handler {
                    @Override
                    public Object handle(Map<String, Object> input, Context context) {
                        return Map.of("twice", ((Number) input.get("n")).intValue() * 2);
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(Map.of("n", 21), new TestContext())).isEqualTo(Map.of("twice", 42));
            assertThat(function.describe()).startsWith("io.example.Doubler::handle from ");
        }
    }

    @Test
    void callsANamedStaticMethod() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), """
                package io.example;

                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Metrics {
                    private Metrics(int unused) { }

                    public static Map<String, Object> compute(Map<String, Object> input, Context context) {
                        context.env().merge("calls", 1, (a, b) -> (Integer) a + (Integer) b);
                        return Map.of("calls", context.env().get("calls"), "key", context.inputKey());
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, "io.example.Metrics::compute", work()))) {
            JavaFunction function = loadedFunction(live.refresh());
            TestContext context = new TestContext();

            function.invoke(Map.of(), context);
            assertThat(function.invoke(Map.of(), context)).isEqualTo(Map.of("calls", 2, "key", "metrics"));
            assertThat(function.describe()).startsWith("io.example.Metrics::compute from ");
        }
    }

    @Test
    void createsTheClassOnceForANamedInstanceMethod() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Counter {
                    private int calls;

                    public Map<String, Object> count(Map<String, Object> input, Context context) {
                        calls++;
                        return Map.of("calls", calls);
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, "Counter::count", work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            function.invoke(Map.of(), new TestContext());
            function.invoke(Map.of(), new TestContext());
            assertThat(function.invoke(Map.of(), new TestContext())).isEqualTo(Map.of("calls", 3));
        }
    }

    @Test
    void acceptsAMethodTakingOnlyTheInputAndPrefersTheOneTakingTheContext() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Shapes {
                    public static Object only(Map<String, Object> input) { return Map.of("took", "input"); }

                    public static Object both(Map<String, Object> input) { return Map.of("took", "input"); }

                    public static Object both(Map<String, Object> input, Context context) {
                        return Map.of("took", "input and context");
                    }
                }
                """);
        try (LiveFunction onlyInput = TestSettings.live(TestSettings.path(source, "Shapes::only", work()));
                LiveFunction withContext =
                        TestSettings.live(TestSettings.path(source, "Shapes::both", dir.resolve("work2")))) {
            assertThat(loadedFunction(onlyInput.refresh()).invoke(Map.of(), new TestContext()))
                    .isEqualTo(Map.of("took", "input"));
            assertThat(loadedFunction(withContext.refresh()).invoke(Map.of(), new TestContext()))
                    .isEqualTo(Map.of("took", "input and context"));
        }
    }

    @Test
    void passesTheFunctionsOwnExceptionThroughUnwrapped() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Strict {
                    public Object handle(Map<String, Object> input, Context context) throws Exception {
                        if (input.isEmpty()) {
                            throw new java.io.IOException("no input");
                        }
                        throw new IllegalArgumentException("missing key cpu_percent-0");
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThatThrownBy(() -> function.invoke(Map.of("x", 1), new TestContext()))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("missing key cpu_percent-0");
            assertThatThrownBy(() -> function.invoke(Map.of(), new TestContext()))
                    .isExactlyInstanceOf(java.io.IOException.class)
                    .hasMessage("no input");
        }
    }

    @Test
    void reportsEveryCompileErrorWithFileAndLine() {
        Path source = TestCode.write(dir.resolve("usermodule.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Broken {
                    public Object handle(Map<String, Object> input, Context context) {
                        int x = "text";
                        return Map.of("x", y);
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, work()))) {
            Refresh.Failed failed = failed(live.refresh());

            assertThat(failed.error().kind()).isEqualTo(Kind.COMPILE);
            assertThat(failed.error().getMessage().lines())
                    .hasSize(2)
                    .allSatisfy(line -> assertThat(line).startsWith(source + ":"))
                    .anySatisfy(line -> assertThat(line).startsWith(source + ":6: error: incompatible types"))
                    .anySatisfy(line -> assertThat(line).startsWith(source + ":7: error: cannot find symbol"));
            assertThat(failed.stillRunning()).isEmpty();
            assertThat(live.current()).isEmpty();
        }
    }

    @Test
    void theFunctionCannotSeeTheRuntimesLibraries() throws Exception {
        String jackson = "com.fasterxml.jackson.databind.ObjectMapper";
        assertThat(Class.forName(jackson))
                .as("Jackson is on the runtime's class path")
                .isNotNull();
        Path source = TestCode.write(dir.resolve("function.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Peeker {
                    public Object handle(Map<String, Object> input, Context context) throws Exception {
                        return Map.of("found", Class.forName((String) input.get("class")).getName());
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(Map.of("class", "java.sql.Timestamp"), new TestContext()))
                    .isEqualTo(Map.of("found", "java.sql.Timestamp"));
            assertThatThrownBy(() -> function.invoke(Map.of("class", jackson), new TestContext()))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> function.classLoader().loadClass(jackson))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void doesNotCompileAgainstTheRuntimesLibraries() {
        Path source = TestCode.write(dir.resolve("function.java"), """
                import com.fasterxml.jackson.databind.ObjectMapper;
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Serialiser {
                    public Object handle(Map<String, Object> input, Context context) throws Exception {
                        return Map.of("json", new ObjectMapper().writeValueAsString(input));
                    }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, work()))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(Kind.COMPILE);
            assertThat(error.getMessage())
                    .contains(source + ":1: error: package com.fasterxml.jackson.databind does not exist");
        }
    }

    @Test
    void saysToRunOnAJdkWhenThereIsNoCompiler() {
        Path source = TestCode.write(dir.resolve("function.java"), "public class Anything { }");
        try (LiveFunction live = new LiveFunction(
                TestSettings.path(source, work()),
                TestSettings.LIMITS,
                new InProcessCompiler(null),
                java.util.Optional.empty())) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(Kind.NO_COMPILER);
            assertThat(error.getMessage())
                    .startsWith("FUNCTION_PATH " + source + ": ")
                    .contains("run the runtime on a JDK")
                    .contains("jdk.compiler");
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
