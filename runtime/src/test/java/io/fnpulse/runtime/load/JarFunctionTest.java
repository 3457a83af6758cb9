package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.api.Context;
import io.fnpulse.api.Handler;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FUNCTION_PATH pointing at a jar, loaded as is. */
class JarFunctionTest {

    @TempDir
    Path dir;

    @Test
    void loadsAJarAsIsAndFindsItsHandlerImplementation() throws Exception {
        Map<String, byte[]> classes = TestCode.compile(
                dir.resolve("build"),
                Map.of(
                        "com/example/Upper.java", """
                        package com.example;

                        import io.fnpulse.api.Context;
                        import io.fnpulse.api.Handler;
                        import java.util.Map;

                        public class Upper implements Handler {
                            @Override
                            public Object handle(Map<String, Object> input, Context context) {
                                return Map.of("upper", Text.upper((String) input.get("text")));
                            }
                        }
                        """,
                        "com/example/Text.java", """
                        package com.example;

                        final class Text {
                            static String upper(String text) { return text.toUpperCase(java.util.Locale.ROOT); }
                        }
                        """));
        Path jar = new TestCode.Archive().addAll("", classes).writeTo(dir.resolve("function.jar"));
        try (LiveFunction live = TestSettings.live(TestSettings.path(jar, dir.resolve("work")))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(Map.of("text", "abc"), new TestContext()))
                    .isEqualTo(Map.of("upper", "ABC"));
            assertThat(function.describe())
                    .isEqualTo("com.example.Upper::handle from " + jar + " (" + function.version() + ", precompiled)");
        }
    }

    @Test
    void runsAJarThatBundlesItsOwnCopyOfTheApiWithTheRuntimesContext() throws Exception {
        // a different copy of the api than the runtime's: were it used, the runtime's Context would not fit
        Map<String, String> otherApi = Map.of(
                "io/fnpulse/api/Context.java", """
                        package io.fnpulse.api;

                        public interface Context {
                            java.util.Map<String, Object> env();

                            String onlyInTheBundledCopy();
                        }
                        """,
                "io/fnpulse/api/Handler.java", """
                        package io.fnpulse.api;

                        public interface Handler {
                            Object handle(java.util.Map<String, Object> input, Context context) throws Exception;
                        }
                        """);
        Map<String, String> function = Map.of("com/example/Bundled.java", """
                package com.example;

                import io.fnpulse.api.Context;
                import io.fnpulse.api.Handler;
                import java.util.Map;

                public class Bundled implements Handler {
                    @Override
                    public Object handle(Map<String, Object> input, Context context) {
                        context.env().put("seen", input.get("n"));
                        return Map.of("ok", true);
                    }
                }
                """);
        Map<String, String> sources = new java.util.HashMap<>(otherApi);
        sources.putAll(function);
        Path jar = new TestCode.Archive()
                .addAll("", TestCode.compile(dir.resolve("build"), sources, false))
                .writeTo(dir.resolve("function.jar"));
        try (LiveFunction live = TestSettings.live(TestSettings.path(jar, dir.resolve("work")))) {
            JavaFunction loaded = loadedFunction(live.refresh());
            TestContext context = new TestContext();

            assertThat(loaded.invoke(Map.of("n", 7), context)).isEqualTo(Map.of("ok", true));
            assertThat(context.env()).containsEntry("seen", 7);
            assertThat(loaded.classLoader().loadClass(Context.class.getName())).isSameAs(Context.class);
            assertThat(loaded.classLoader().loadClass(Handler.class.getName())).isSameAs(Handler.class);
        }
    }
}
