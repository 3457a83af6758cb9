package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failure;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.TestCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled classes kept in the work folder, so a restart with the same code skips javac. */
class CompileCacheTest {

    @TempDir
    Path dir;

    private static String source(String answer) {
        return """
                public class Answer {
                    public static Object handle(java.util.Map<String, Object> input) {
                        return java.util.Map.of("answer", %s);
                    }
                }
                """.formatted(answer);
    }

    /** Loads and calls the code once, as a runtime that starts and stops would. */
    private JavaFunction loadOnce(CodeSettings settings, Map<String, Object> input, Object expected) throws Exception {
        try (LiveFunction live = TestSettings.live(settings)) {
            JavaFunction function = loadedFunction(live.refresh());
            assertThat(function.invoke(input, new TestContext())).isEqualTo(expected);
            return function;
        }
    }

    private JavaFunction loadOnce(CodeSettings settings, int answer) throws Exception {
        return loadOnce(settings, Map.of(), Map.of("answer", answer));
    }

    /** javac in this JVM, noting the thread of each run. */
    private static final class RecordingCompiler implements SourceCompiler {
        final List<String> threads = new CopyOnWriteArrayList<>();
        private final CountDownLatch started = new CountDownLatch(1);
        private final SourceCompiler javac = new InProcessCompiler();

        @Override
        public List<String> compile(List<SourceFile> sources, List<Path> classPath, Path output, String subject)
                throws FunctionLoadException {
            threads.add(Thread.currentThread().getName());
            started.countDown();
            return javac.compile(sources, classPath, output, subject);
        }

        void awaitFirstRun() throws InterruptedException {
            assertThat(started.await(30, TimeUnit.SECONDS))
                    .as("javac started before any load")
                    .isTrue();
        }
    }

    private long cacheEntries() throws IOException {
        try (Stream<Path> entries = Files.list(dir.resolve("work/compile-cache"))) {
            return entries.count();
        }
    }

    @Test
    void aRestartOnTheSameWorkFolderLoadsTheClassesFromTheCache() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), source("42"));
        CodeSettings settings = TestSettings.path(source, dir.resolve("work"));

        assertThat(loadOnce(settings, 42).describe()).endsWith(", compiled)");
        assertThat(loadOnce(settings, 42).describe()).endsWith(", compile cache hit)");
        assertThat(cacheEntries()).isEqualTo(1);
    }

    @Test
    void theCompileStartedAheadIsTheFirstLoadsNotRunTwice() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), source("42"));
        RecordingCompiler javac = new RecordingCompiler();

        try (LiveFunction live =
                new LiveFunction(TestSettings.path(source, dir.resolve("work")), TestSettings.LIMITS, javac)) {
            javac.awaitFirstRun();
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.describe()).endsWith(", compiled)");
            assertThat(function.invoke(Map.of(), new TestContext())).isEqualTo(Map.of("answer", 42));
        }
        assertThat(javac.threads).containsExactly("compile-ahead");
        assertThat(cacheEntries()).isEqualTo(1);
    }

    @Test
    void compileErrorsOfTheCompileAheadAreTheFirstLoadsFailure() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), source("undefinedName"));
        RecordingCompiler javac = new RecordingCompiler();

        try (LiveFunction live =
                new LiveFunction(TestSettings.path(source, dir.resolve("work")), TestSettings.LIMITS, javac)) {
            javac.awaitFirstRun();
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.COMPILE);
            assertThat(error.getMessage()).startsWith(source + ":3: error: cannot find symbol");
        }
        assertThat(javac.threads).containsExactly("compile-ahead");
    }

    @Test
    void changedSourcesAreCompiledAgain() throws Exception {
        Path source = TestCode.write(dir.resolve("function.java"), source("42"));
        CodeSettings settings = TestSettings.path(source, dir.resolve("work"));
        loadOnce(settings, 42);

        TestCode.write(source, source("43"));

        assertThat(loadOnce(settings, 43).describe()).endsWith(", compiled)");
        assertThat(cacheEntries()).isEqualTo(2);
    }

    @Test
    void sourcesInAnArchiveAreCachedToo() throws Exception {
        Path zip = TestCode.write(dir.resolve("function.zip"), SampleFunction.sourceZip(dir.resolve("build"), "v1"));
        CodeSettings settings =
                TestSettings.zip(zip.toString(), Optional.of(SampleFunction.HANDLER), dir.resolve("work"));

        assertThat(loadOnce(settings, SampleFunction.INPUT, SampleFunction.output("v1"))
                        .describe())
                .endsWith(", compiled)");
        assertThat(loadOnce(settings, SampleFunction.INPUT, SampleFunction.output("v1"))
                        .describe())
                .endsWith(", compile cache hit)");
    }
}
