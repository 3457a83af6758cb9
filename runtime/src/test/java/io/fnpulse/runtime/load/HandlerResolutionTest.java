package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failure;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FUNCTION_HANDLER rules, and errors that list what there is when the handler is not there. */
class HandlerResolutionTest {

    private static final String ONE = """
            package com.example;

            public class One implements io.fnpulse.api.Handler {
                @Override
                public Object handle(java.util.Map<String, Object> input, io.fnpulse.api.Context context) {
                    return java.util.Map.of("from", "One");
                }
            }
            """;
    private static final String TWO = ONE.replace("One", "Two");
    private static final String PLAIN = """
            package com.example;

            import io.fnpulse.api.Context;
            import java.util.Map;

            public class Plain {
                public Object handle(Map<String, Object> input, Context context) { return Map.of(); }

                public String name() { return "plain"; }

                public static void helper(int times) { }
            }
            """;
    private static final String NEEDS_ARGUMENT = """
            package com.example;

            public class NeedsArgument {
                public NeedsArgument(int value) { }

                public Object run(java.util.Map<String, Object> input) { return null; }
            }
            """;
    private static final String FAILS_TO_START = """
            package com.example;

            public class FailsToStart {
                public FailsToStart() { throw new IllegalStateException("no configuration"); }

                public Object run(java.util.Map<String, Object> input) { return null; }
            }
            """;

    @TempDir
    Path dir;

    private Path zipOf(Map<String, String> sources) {
        return new TestCode.Archive()
                .addAll("", TestCode.compile(dir.resolve("build"), sources))
                .writeTo(dir.resolve("function.zip"));
    }

    private FunctionLoadException zipFailure(Path zip, Optional<String> handler) {
        return zipFailure(zip, handler, Kind.HANDLER);
    }

    private FunctionLoadException zipFailure(Path zip, Optional<String> handler, Kind kind) {
        try (LiveFunction live = TestSettings.live(TestSettings.zip(zip.toString(), handler, dir.resolve("work")))) {
            FunctionLoadException error = failure(live.refresh());
            assertThat(error.kind()).isEqualTo(kind);
            return error;
        }
    }

    @Test
    void usesTheOneClassThatImplementsHandlerWhenNoHandlerIsSet() throws Exception {
        Path zip = zipOf(Map.of("com/example/One.java", ONE, "com/example/Plain.java", PLAIN));
        try (LiveFunction live =
                TestSettings.live(TestSettings.zip(zip.toString(), Optional.empty(), dir.resolve("work")))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(Map.of(), new TestContext())).isEqualTo(Map.of("from", "One"));
            assertThat(function.describe()).startsWith("com.example.One::handle from ");
        }
    }

    @Test
    void listsTheClassesFoundWhenNoneImplementsHandler() {
        Path zip = zipOf(Map.of("com/example/Plain.java", PLAIN, "com/example/NeedsArgument.java", NEEDS_ARGUMENT));

        assertThat(zipFailure(zip, Optional.empty()))
                .hasMessage(
                        "FUNCTION_HANDLER is unset, so the handler is the"
                                + " one class in " + zip
                                + " that implements io.fnpulse.api.Handler, but none does; implement it or"
                                + " set FUNCTION_HANDLER=Class::method; classes found: com.example.NeedsArgument, com.example.Plain");
    }

    @Test
    void listsTheCandidatesWhenSeveralImplementHandler() {
        Path zip = zipOf(
                Map.of("com/example/One.java", ONE, "com/example/Two.java", TWO, "com/example/Plain.java", PLAIN));

        assertThat(zipFailure(zip, Optional.empty()))
                .hasMessage("FUNCTION_HANDLER is unset, so the handler is the"
                        + " one class in " + zip + " that implements io.fnpulse.api.Handler, but 2 do: com.example.One,"
                        + " com.example.Two; set FUNCTION_HANDLER to the one to run");
    }

    @Test
    void listsThePublicMethodsWhenTheMethodIsMissing() {
        Path zip = zipOf(Map.of("com/example/Plain.java", PLAIN));

        assertThat(zipFailure(zip, Optional.of("com.example.Plain::run")))
                .hasMessage(
                        "FUNCTION_HANDLER"
                                + " com.example.Plain::run: no public method run(Map, Context) or run(Map) in com.example.Plain;"
                                + " public methods: handle(Map, Context), helper(int), name(); to call handle, set"
                                + " FUNCTION_HANDLER=com.example.Plain::handle (./fnpulse: --handler com.example.Plain::handle)");
    }

    @Test
    void listsTheClassesFoundWhenTheClassIsMissing() {
        Path zip = zipOf(Map.of("com/example/One.java", ONE, "com/example/Plain.java", PLAIN));

        assertThat(zipFailure(zip, Optional.of("com.example.Missing::handle")))
                .hasMessage("FUNCTION_HANDLER"
                        + " com.example.Missing::handle: class com.example.Missing not found in " + zip
                        + "; classes found: com.example.One, com.example.Plain");
    }

    @Test
    void listsTheFirstTwentyClassesFound() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            sources.put(
                    "com/example/C%02d.java".formatted(i), "package com.example; public class C%02d { }".formatted(i));
        }
        Path zip = zipOf(sources);

        assertThat(zipFailure(zip, Optional.of("com.example.Missing")).getMessage())
                .endsWith("classes found: com.example.C00, com.example.C01, com.example.C02, com.example.C03,"
                        + " com.example.C04, com.example.C05, com.example.C06, com.example.C07, com.example.C08,"
                        + " com.example.C09, com.example.C10, com.example.C11, com.example.C12, com.example.C13,"
                        + " com.example.C14, com.example.C15, com.example.C16, com.example.C17, com.example.C18,"
                        + " com.example.C19 and 5 more");
    }

    @Test
    void requiresHandlerWhenNoMethodIsNamed() {
        Path zip = zipOf(Map.of("com/example/Plain.java", PLAIN));

        assertThat(zipFailure(zip, Optional.of("com.example.Plain")))
                .hasMessage("FUNCTION_HANDLER"
                        + " com.example.Plain: com.example.Plain does not implement io.fnpulse.api.Handler; implement it,"
                        + " or name the method as com.example.Plain::method; public methods: handle(Map, Context),"
                        + " helper(int), name()");
    }

    @Test
    void needsAPublicNoArgumentConstructorForAnInstanceMethod() {
        Path zip = zipOf(Map.of("com/example/NeedsArgument.java", NEEDS_ARGUMENT));

        assertThat(zipFailure(zip, Optional.of("com.example.NeedsArgument::run")))
                .hasMessage("FUNCTION_HANDLER"
                        + " com.example.NeedsArgument::run: com.example.NeedsArgument needs a public no-argument constructor"
                        + " to be created once per load; add one, or make the handler method static");
    }

    @Test
    void reportsAConstructorThatThrows() {
        Path zip = zipOf(Map.of("com/example/FailsToStart.java", FAILS_TO_START));

        FunctionLoadException error = zipFailure(zip, Optional.of("com.example.FailsToStart::run"), Kind.INIT);

        assertThat(error)
                .hasMessageStartingWith("FUNCTION_HANDLER com.example.FailsToStart::run: the constructor of"
                        + " com.example.FailsToStart threw java.lang.IllegalStateException: no configuration (at"
                        + " com.example.FailsToStart.<init>(FailsToStart.java:");
        assertThat(error.getCause()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void saysWhenASingleSourceFileHasNoPublicClass() {
        Path source = TestCode.write(dir.resolve("usermodule.java"), """
                class Hidden {
                    public Object handle(java.util.Map<String, Object> input) { return null; }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            assertThat(failure(live.refresh()))
                    .hasMessage("FUNCTION_HANDLER is unset, so the handler is the"
                            + " public top-level class of " + source
                            + ", but it has none; make one class public, or set"
                            + " FUNCTION_HANDLER=Class::method");
        }
    }

    @Test
    void saysWhenTheDefaultMethodHasTheWrongShape() {
        Path source = TestCode.write(dir.resolve("usermodule.java"), """
                public class WrongShape {
                    public Object handle(String input) { return null; }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            assertThat(failure(live.refresh()))
                    .hasMessage("FUNCTION_HANDLER is unset, so the handler is"
                            + " WrongShape::handle (the public class of " + source + "): no public method"
                            + " handle(Map, Context) or handle(Map) in WrongShape; public methods: handle(String)");
        }
    }

    @Test
    void namesTheOneMethodThatCouldBeTheHandlerOrAsksWhichOfSeveral() {
        Path one = TestCode.write(dir.resolve("one/usermodule.java"), """
                import java.util.Map;
                public class Course {
                    public static Map<String, Object> apply(Map<String, Object> input) { return input; }
                    public String helper() { return ""; }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(one, dir.resolve("work-one")))) {
            assertThat(failure(live.refresh()))
                    .hasMessageEndingWith("public methods: apply(Map), helper(); to call apply, set"
                            + " FUNCTION_HANDLER=Course::apply (./fnpulse: --handler Course::apply)");
        }
        Path several = TestCode.write(dir.resolve("several/usermodule.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;
                public class Course {
                    public Object apply(Map<String, Object> input) { return input; }
                    public Object run(Map<String, Object> input, Context context) { return input; }
                }
                """);
        try (LiveFunction live = TestSettings.live(TestSettings.path(several, dir.resolve("work-several")))) {
            assertThat(failure(live.refresh()))
                    .hasMessageEndingWith("public methods: apply(Map), run(Map, Context); name the one to call with"
                            + " FUNCTION_HANDLER=Course::method");
        }
    }
}
