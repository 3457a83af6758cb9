package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failure;
import static io.fnpulse.runtime.load.Refreshes.loadedFunction;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.api.TestContext;
import io.fnpulse.testsupport.code.TestCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FUNCTION_ZIP naming a zip or jar on this machine. */
class ArchiveFunctionTest {

    @TempDir
    Path dir;

    private Path work() {
        return dir.resolve("work");
    }

    @Test
    void loadsCompiledClassesInSeveralPackagesWithALibraryJarAndANamedMethod() throws Exception {
        Path zip = TestCode.write(dir.resolve("function.zip"), SampleFunction.compiledZip(dir.resolve("build"), "v1"));
        try (LiveFunction live =
                TestSettings.live(TestSettings.zip(zip.toString(), Optional.of(SampleFunction.HANDLER), work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(SampleFunction.INPUT, new TestContext())).isEqualTo(SampleFunction.output("v1"));
            assertThat(function.describe())
                    .isEqualTo(SampleFunction.HANDLER + " from " + zip + " (" + function.version() + ", precompiled)");
            assertThat(function.modifiedAt())
                    .isEqualTo(Files.getLastModifiedTime(zip).toInstant());
        }
    }

    @Test
    void compilesSourcesTogetherAgainstTheLibraryJarGivenAFileUrl() throws Exception {
        Path zip = TestCode.write(dir.resolve("function.zip"), SampleFunction.sourceZip(dir.resolve("build"), "v1"));
        String url = zip.toUri().toString();
        try (LiveFunction live =
                TestSettings.live(TestSettings.zip(url, Optional.of(SampleFunction.HANDLER), work()))) {
            JavaFunction function = loadedFunction(live.refresh());

            assertThat(function.invoke(SampleFunction.INPUT, new TestContext())).isEqualTo(SampleFunction.output("v1"));
            assertThat(function.describe())
                    .startsWith(SampleFunction.HANDLER + " from " + url)
                    .endsWith(", compiled)");
        }
    }

    @Test
    void reportsCompileErrorsInsideTheArchiveByEntryAndLine() {
        Path zip = new TestCode.Archive()
                .add("src/com/example/Bad.java", "package com.example;\n\npublic class Bad {\n    int x = ;\n}\n")
                .writeTo(dir.resolve("function.zip"));
        try (LiveFunction live = TestSettings.live(TestSettings.zip(zip.toString(), Optional.empty(), work()))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(Kind.COMPILE);
            assertThat(error.getMessage()).startsWith(zip + "!/src/com/example/Bad.java:4: error: ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../escaped.txt", "lib/../../escaped.txt", "..\\..\\escaped.txt"})
    void refusesEntriesThatEscapeTheExtractionFolder(String entry) {
        Path zip = new TestCode.Archive()
                .add("ok.txt", "fine")
                .add(entry, "should never be written")
                .writeTo(dir.resolve("function.zip"));
        try (LiveFunction live = TestSettings.live(TestSettings.zip(zip.toString(), Optional.empty(), work()))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(Kind.ARCHIVE);
            assertThat(error.getMessage())
                    .isEqualTo("FUNCTION_ZIP " + zip + ": entry " + entry + " escapes the extraction folder");
            assertThat(dir.resolve("escaped.txt")).doesNotExist();
            assertThat(work().resolve("escaped.txt")).doesNotExist();
        }
    }

    @Test
    void refusesAnAbsoluteEntry() {
        Path outside = dir.resolve("absolute.txt");
        Path zip = new TestCode.Archive()
                .add(outside.toString(), "should never be written")
                .writeTo(dir.resolve("function.zip"));
        try (LiveFunction live = TestSettings.live(TestSettings.zip(zip.toString(), Optional.empty(), work()))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.getMessage()).endsWith("entry " + outside + " escapes the extraction folder");
            assertThat(outside).doesNotExist();
        }
    }

    @Test
    void refusesAnArchiveThatUnpacksToMoreThan64MiB() throws IOException {
        Path zip = dir.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("zeros.bin"));
            TestCode.writeZeros(out, 65L * 1024 * 1024);
            out.closeEntry();
        }
        assertThat(Files.size(zip)).as("the archive itself is small").isLessThan(1024 * 1024);
        try (LiveFunction live = TestSettings.live(TestSettings.zip(zip.toString(), Optional.empty(), work()))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(Kind.ARCHIVE);
            assertThat(error.getMessage()).isEqualTo("FUNCTION_ZIP " + zip + ": unpacks to more than 64 MiB");
        }
    }

    @Test
    void refusesAFileThatIsNotAnArchive() {
        Path notZip = TestCode.write(dir.resolve("function.zip"), "public class NotAZip { }");
        try (LiveFunction live = TestSettings.live(TestSettings.zip(notZip.toString(), Optional.empty(), work()))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(Kind.ARCHIVE);
            assertThat(error.getMessage()).startsWith("FUNCTION_ZIP " + notZip + ": not a readable zip or jar");
        }
    }
}
