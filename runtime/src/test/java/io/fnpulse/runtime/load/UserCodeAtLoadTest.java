package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failed;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.TestCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version's own code runs while it loads — static initialisers, the constructor — on its worker and under the
 * user-code timeout; whatever it throws, or a hang, is a failed load that leaves the previous version running.
 */
class UserCodeAtLoadTest {

    private static final UserCodeLimits SHORT = new UserCodeLimits(Duration.ofMillis(500), () -> {});

    @TempDir
    Path dir;

    private static String function(String body) {
        return """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Fn {
                    %s
                    public static Object handle(Map<String, Object> input, Context context) {
                        return Map.of("version", VERSION);
                    }
                }
                """.formatted(body);
    }

    private static final String GOOD = function("static final String VERSION = \"good\";");

    private static void rewrite(Path file, String content) throws IOException {
        FileTime before = Files.getLastModifiedTime(file);
        TestCode.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(1)));
    }

    private LiveFunction live(Path source) {
        return new LiveFunction(TestSettings.path(source, dir.resolve("work")), SHORT);
    }

    private FunctionLoadException replacedBy(String broken, Kind kind) throws Exception {
        Path source = TestCode.write(dir.resolve("fn/Fn.java"), GOOD);
        try (LiveFunction live = live(source)) {
            JavaFunction good = loadedFunction(live.refresh());
            rewrite(source, broken);
            Refresh.Failed failed = failed(live.refresh());
            assertThat(failed.error().kind()).isEqualTo(kind);
            assertThat(failed.stillRunning()).containsSame(good);
            assertThat(live.current()).containsSame(good);
            assertThat(good.invoke(Map.of(), new TestContext())).isEqualTo(Map.of("version", "good"));
            return failed.error();
        }
    }

    @Test
    void aStaticInitialiserThatThrowsAnErrorIsAFailedLoad() throws Exception {
        FunctionLoadException error = replacedBy(function("""
                static final String VERSION;
                static { if (true) throw new AssertionError("not in this cluster"); VERSION = "never"; }
                """), Kind.INIT);
        assertThat(error)
                .hasMessageContaining(
                        "Fn failed to initialise: java.lang.AssertionError: not in this cluster" + " (at Fn.<clinit>(");
    }

    @Test
    void aStaticInitialiserThatThrowsIsAFailedLoadEvenForAStaticHandler() throws Exception {
        FunctionLoadException error = replacedBy(function("""
                static final String VERSION = Integer.toString(Integer.parseInt("x"));
                """), Kind.INIT);
        assertThat(error).hasMessageContaining("java.lang.NumberFormatException");
    }

    @Test
    void aStaticInitialiserThatBlocksTimesOut() throws Exception {
        FunctionLoadException error = replacedBy(function("""
                static final String VERSION;
                static { try { Thread.sleep(60_000); } catch (InterruptedException e) { } VERSION = "late"; }
                """), Kind.TIMEOUT);
        assertThat(error)
                .hasMessageContaining("initialising the handler (its static initialisers and constructor)"
                        + " ran past the 0.5 s timeout");
    }

    @Test
    void aConstructorThatSpinsIsStoppedAndTheLoadFails() throws Exception {
        String spinning = """
                import io.fnpulse.api.Context;
                import java.util.Map;

                public class Fn {
                    public Fn() { long n = 0; while (n >= 0) { n++; } }
                    public Object handle(Map<String, Object> input, Context context) { return Map.of(); }
                }
                """;
        FunctionLoadException error = replacedBy(spinning, Kind.TIMEOUT);
        assertThat(error).hasMessageContaining("ran past the 0.5 s timeout");
    }

    @Test
    void theFunctionsCodeSeesItsOwnClassLoaderNeverTheRuntimes() throws Exception {
        Path source = TestCode.write(dir.resolve("fn/Fn.java"), """
                import io.fnpulse.api.Context;
                import java.util.Map;
                import java.util.concurrent.atomic.AtomicReference;

                public class Fn {
                    static final String AT_INIT = visible();
                    final String atConstruction = visible();

                    static String visible() {
                        ClassLoader context = Thread.currentThread().getContextClassLoader();
                        try {
                            context.loadClass("com.fasterxml.jackson.databind.ObjectMapper");
                            return "runtime classes visible";
                        } catch (ClassNotFoundException e) {
                            return context == Fn.class.getClassLoader() ? "own loader" : "another loader";
                        }
                    }

                    public Object handle(Map<String, Object> input, Context context) throws Exception {
                        AtomicReference<String> inThread = new AtomicReference<>();
                        Thread thread = new Thread(() -> inThread.set(visible()));
                        thread.start();
                        thread.join();
                        return Map.of("init", AT_INIT, "constructor", atConstruction, "call", visible(),
                                "thread", inThread.get());
                    }
                }
                """);
        try (LiveFunction live = live(source)) {
            JavaFunction function = loadedFunction(live.refresh());
            Object result =
                    function.worker().run(() -> function.invoke(Map.of(), new TestContext()), Duration.ofSeconds(5));
            assertThat(result)
                    .isEqualTo(Map.of(
                            "init",
                            "own loader",
                            "constructor",
                            "own loader",
                            "call",
                            "own loader",
                            "thread",
                            "own loader"));
        }
    }

    @Test
    void threadsTheFunctionStartedAreCountedAndInterruptedWhenItsVersionGoes() throws Exception {
        Path source = TestCode.write(dir.resolve("fn/Fn.java"), function("""
                static final String VERSION = "with a thread";
                static {
                    Thread background = new Thread(() -> {
                        try { Thread.sleep(600_000); } catch (InterruptedException e) { }
                    });
                    background.start();
                }
                """));
        try (LiveFunction live = live(source)) {
            loadedFunction(live.refresh());
            assertThat(live.startedThreads()).isEqualTo(1);
            rewrite(source, GOOD);
            loadedFunction(live.refresh());
            assertThat(live.startedThreads()).isZero();
        }
    }

    @Test
    void refusesAnArchiveWhoseDigestIsNotTheOneRequired() throws Exception {
        Path zip = new TestCode.Archive().add("Fn.java", GOOD).writeTo(dir.resolve("function.zip"));
        String wrong = "0".repeat(64);
        CodeSettings settings = TestSettings.zip(
                zip.toString(),
                java.util.Optional.of("Fn::handle"),
                dir.resolve("work"),
                Duration.ofSeconds(5),
                Duration.ZERO,
                java.util.Optional.of(wrong),
                false);
        try (LiveFunction live = new LiveFunction(settings, SHORT)) {
            FunctionLoadException error = failed(live.refresh()).error();
            assertThat(error.kind()).isEqualTo(Kind.DIGEST);
            assertThat(error)
                    .hasMessageContaining("its SHA-256 is ")
                    .hasMessageContaining("not the " + wrong + " that FUNCTION_ZIP_SHA256 requires");
        }
        String right = io.fnpulse.service.text.Digest.hex(Files.readAllBytes(zip));
        CodeSettings pinned = TestSettings.zip(
                zip.toString(),
                java.util.Optional.of("Fn::handle"),
                dir.resolve("work"),
                Duration.ofSeconds(5),
                Duration.ZERO,
                java.util.Optional.of(right),
                false);
        try (LiveFunction live = new LiveFunction(pinned, SHORT)) {
            loadedFunction(live.refresh());
        }
    }

    @Test
    void twoRuntimesSharingACodeFolderKeepTheirOwnFiles() throws Exception {
        Path zip = new TestCode.Archive().add("Fn.java", GOOD).writeTo(dir.resolve("function.zip"));
        CodeSettings settings = TestSettings.zip(
                zip.toString(),
                java.util.Optional.of("Fn::handle"),
                dir.resolve("shared"),
                Duration.ofSeconds(5),
                Duration.ZERO);
        try (LiveFunction first = new LiveFunction(settings, SHORT)) {
            JavaFunction running = loadedFunction(first.refresh());
            try (LiveFunction second = new LiveFunction(settings, SHORT)) {
                loadedFunction(second.refresh());
            }
            // the first one's unpacked and compiled classes are still there to load from
            assertThat(running.classLoader().getResource("Fn.class")).isNotNull();
            assertThat(running.invoke(Map.of(), new TestContext())).isEqualTo(Map.of("version", "good"));
        }
    }
}
