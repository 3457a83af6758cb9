package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failed;
import static io.fnpulse.runtime.load.Refreshes.loaded;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.ConfigMapVolume;
import io.fnpulse.testsupport.code.TestCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** refresh() noticing changed code, loading it, and keeping the old version when the new one is broken. */
class HotReloadTest {

    private static final FileTime SAME_TIME = FileTime.from(Instant.parse("2026-11-28T02:00:00Z"));

    @TempDir
    Path dir;

    private static String versioned(String version) {
        return """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Versioned {
                    public Object handle(Map<String, Object> input, Context context) {
                        return Map.of("version", "%s");
                    }
                }
                """.formatted(version);
    }

    private static final String BROKEN = """
            import io.fnpulse.api.Context;
            import java.util.Map;

            public class Versioned {
                public Object handle(Map<String, Object> input, Context context) {
                    return Map.of("version", "three")
                }
            }
            """;

    /** Rewrites a file in place and moves its mtime forward, as an editor would. */
    private static void rewrite(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        TestCode.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(1)));
    }

    private static Object call(LoadedFunction loaded) throws Exception {
        JavaFunction function = (JavaFunction) loaded;
        return function.invoke(Map.of(), new TestContext());
    }

    @Test
    void picksUpAConfigMapUpdateThatSwapsTheDataLink() throws Exception {
        ConfigMapVolume volume = new ConfigMapVolume(dir.resolve("opt/fn"));
        // same size and same mtime: only the link target tells the versions apart before hashing
        volume.publish("function.java", versioned("one"), SAME_TIME);
        try (LiveFunction live =
                TestSettings.live(TestSettings.path(volume.file("function.java"), dir.resolve("work")))) {
            JavaFunction first = loadedFunction(live.refresh());
            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);

            volume.publish("function.java", versioned("two"), SAME_TIME);
            Refresh.Loaded second = loaded(live.refresh());

            assertThat(call(second.function())).isEqualTo(Map.of("version", "two"));
            assertThat(second.replacedVersion()).contains(first.version());
            assertThat(second.function().describe()).contains(" from " + volume.file("function.java") + " (");
            assertThat(live.current()).containsSame(second.function());
        }
    }

    @Test
    void keepsTheRunningVersionWhenTheNewOneDoesNotCompileAndReportsTheLine() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), versioned("one"));
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            JavaFunction running = loadedFunction(live.refresh());
            rewrite(source, BROKEN);

            Refresh.Failed failed = failed(live.refresh());

            assertThat(failed.error().kind()).isEqualTo(Kind.COMPILE);
            assertThat(failed.error().getMessage()).startsWith(source + ":6: error: ';' expected");
            assertThat(failed.stillRunning()).containsSame(running);
            assertThat(live.current()).containsSame(running);
            assertThat(call(live.current().orElseThrow())).isEqualTo(Map.of("version", "one"));
            assertThat(live.refresh())
                    .as("the same failure, not compiled again")
                    .isSameAs(failed);

            rewrite(source, versioned("two"));
            Refresh.Loaded fixed = loaded(live.refresh());
            assertThat(fixed.replacedVersion()).contains(running.version());
            assertThat(call(fixed.function())).isEqualTo(Map.of("version", "two"));
        }
    }

    @Test
    void forgetsTheFailureWhenTheCodeGoesBackToTheRunningVersion() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), versioned("one"));
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            JavaFunction running = loadedFunction(live.refresh());
            rewrite(source, BROKEN);
            failed(live.refresh());

            rewrite(source, versioned("one"));

            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(live.current()).containsSame(running);
        }
    }

    @Test
    void closesTheClassLoaderOfTheVersionItReplaced() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), versioned("one"));
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            JavaFunction old = loadedFunction(live.refresh());
            assertThat(old.classLoader().getResource("Versioned.class"))
                    .as("open while current")
                    .isNotNull();

            rewrite(source, versioned("two"));
            JavaFunction replacement = loadedFunction(live.refresh());

            assertThat(old.classLoader().getResource("Versioned.class"))
                    .as("closed once replaced")
                    .isNull();
            assertThat(replacement.classLoader().getResource("Versioned.class")).isNotNull();
        }
    }

    @Test
    void doesNotReloadWhenOnlyTheModificationTimeChanged() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), versioned("one"));
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            JavaFunction running = loadedFunction(live.refresh());

            rewrite(source, versioned("one"));

            assertThat(live.refresh()).isInstanceOf(Refresh.Unchanged.class);
            assertThat(live.current()).containsSame(running);
        }
    }

    @Test
    void reportsAMissingFileOnceAndLoadsItWhenItAppears() throws Exception {
        Path source = dir.resolve("opt/usermodule.java");
        try (LiveFunction live = TestSettings.live(TestSettings.path(source, dir.resolve("work")))) {
            Refresh.Failed missing = failed(live.refresh());

            assertThat(missing.error().kind()).isEqualTo(Kind.IO);
            assertThat(missing.error().getMessage())
                    .isEqualTo("FUNCTION_PATH " + source
                            + ": no such file; mount the function there or point FUNCTION_PATH at it");
            assertThat(live.refresh()).isSameAs(missing);

            TestCode.write(source, versioned("one"));
            assertThat(call(loadedFunction(live.refresh()))).isEqualTo(Map.of("version", "one"));
        }
    }
}
