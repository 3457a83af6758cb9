package io.fnpulse.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fnpulse.runtime.load.FunctionLoadException.Kind;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** javac in a child JVM: the same classes, warnings and errors as in-process, and a clear word when the child fails. */
class ForkedCompilerTest {

    private static final String SUBJECT = "FUNCTION_PATH /opt/usermodule.java";

    @TempDir
    Path dir;

    private final SourceCompiler forked = ForkedCompiler.configured();
    private final SourceCompiler inProcess = new InProcessCompiler();

    private Path output(String name) throws Exception {
        return Files.createDirectories(dir.resolve("tmp").resolve(name));
    }

    private List<SourceFile> source(String name, String code) {
        return List.of(new SourceFile(TestCode.write(dir.resolve(name), code), "/opt/usermodule.java"));
    }

    @Test
    void writesTheSameClassFilesAsAnInProcessCompile() throws Exception {
        List<SourceFile> sources = source("usermodule.java", """
                public class Doubler {
                    public static Object handle(java.util.Map<String, Object> input) {
                        return java.util.Map.of("twice", 2 * (Integer) input.get("n"));
                    }
                }
                """);

        assertThat(forked.compile(sources, List.of(), output("forked"), SUBJECT))
                .isEmpty();
        inProcess.compile(sources, List.of(), output("in-process"), SUBJECT);

        assertThat(Files.readAllBytes(output("forked").resolve("Doubler.class")))
                .isEqualTo(Files.readAllBytes(output("in-process").resolve("Doubler.class")));
    }

    @Test
    void reportsCompileErrorsExactlyAsAnInProcessCompile() {
        List<SourceFile> sources = source("usermodule.java", """
                public class Broken {
                    public Object handle(java.util.Map<String, Object> input) {
                        int x = "text";
                        return java.util.Map.of("x", y);
                    }
                }
                """);

        FunctionLoadException fromChild = compileError(forked, sources, "forked");
        FunctionLoadException fromHere = compileError(inProcess, sources, "in-process");

        assertThat(fromChild.kind()).isEqualTo(Kind.COMPILE);
        assertThat(fromChild.getMessage()).isEqualTo(fromHere.getMessage());
        assertThat(fromChild.getMessage().lines())
                .containsExactly(
                        "/opt/usermodule.java:3: error: incompatible types: java.lang.String cannot be converted to int",
                        "/opt/usermodule.java:4: error: cannot find symbol; symbol: variable y; location: class"
                                + " Broken");
    }

    @Test
    void returnsTheWarningsAsAnInProcessCompile() throws Exception {
        List<SourceFile> sources = source("usermodule.java", """
                public class Old {
                    @SuppressWarnings("unused")
                    public static Object handle(java.util.Map<String, Object> input) {
                        return java.util.Map.of("n", String.valueOf(System.getSecurityManager()));
                    }
                }
                """);

        List<String> warnings = forked.compile(sources, List.of(), output("forked"), SUBJECT);

        assertThat(warnings)
                .isNotEmpty()
                .isEqualTo(inProcess.compile(sources, List.of(), output("in-process"), SUBJECT))
                .allSatisfy(warning -> assertThat(warning).startsWith("/opt/usermodule.java:4: warning: "));
    }

    @Test
    void aChildJvmThatCannotStartIsACompileFailureWithWhatItPrinted() {
        SourceCompiler broken = new ForkedCompiler(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("-XX:+NoSuchFlagInAnyJvm"),
                System.getProperty("java.class.path"),
                true);

        FunctionLoadException error = compileError(broken, source("usermodule.java", "public class A {}"), "broken");

        assertThat(error.kind()).isEqualTo(Kind.COMPILE);
        assertThat(error.getMessage())
                .startsWith(SUBJECT + ": javac's JVM ended with exit code 1 before it reported: ")
                .contains("NoSuchFlagInAnyJvm");
    }

    @Test
    void aJvmWithoutTheCompilerModuleSaysSoWithoutStartingAChild() {
        SourceCompiler onAJre = new ForkedCompiler(Path.of("/nonexistent/java"), List.of(), "", false);

        FunctionLoadException error = compileError(onAJre, source("usermodule.java", "public class A {}"), "jre");

        assertThat(error.kind()).isEqualTo(Kind.NO_COMPILER);
        assertThat(error.getMessage()).startsWith(SUBJECT + ": this JVM has no Java compiler");
    }

    @Test
    void removesWhatItExchangedWithTheChild() throws Exception {
        Path output = output("forked");

        forked.compile(source("usermodule.java", "public class A {}"), List.of(), output, SUBJECT);

        try (var left = Files.list(output.getParent())) {
            assertThat(left).containsExactly(output);
        }
    }

    private FunctionLoadException compileError(SourceCompiler compiler, List<SourceFile> sources, String name) {
        Path output;
        try {
            output = output(name);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        FunctionLoadException error = catchThrowableOfType(
                FunctionLoadException.class, () -> compiler.compile(sources, List.of(), output, SUBJECT));
        assertThat(error).as("the compile's failure").isNotNull();
        return error;
    }
}
