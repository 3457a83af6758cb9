package io.fnpulse.runtime.load;

import static io.fnpulse.runtime.load.Refreshes.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which language the loader takes code for: by FUNCTION_PATH's extension, and for an archive by what it holds. */
class LanguageChoiceTest {

    @TempDir
    Path dir;

    @Test
    void aPythonModuleInARuntimeWithoutPythonIsAFailedLoadThatSaysSo() {
        Path module = TestCode.write(dir.resolve("usermodule.py"), "def handler(input, context):\n    return None\n");
        try (LiveFunction live = TestSettings.live(TestSettings.path(module, dir.resolve("work")))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.NO_PYTHON);
            assertThat(error.getMessage())
                    .isEqualTo("FUNCTION_PATH " + module + ": this is a Python function, and this runtime was started"
                            + " without Python support");
        }
    }

    @Test
    void anArchiveIsPythonWhenItHoldsModulesOrWheelsAndNoJava() throws Exception {
        assertThat(holdsPython("a.py", "pkg/__init__.py")).isTrue();
        assertThat(holdsPython("lib/dep-1.0-py3-none-any.whl")).isTrue();
        assertThat(holdsPython("data/readme.txt")).as("nothing to run").isFalse();
        assertThat(holdsPython("a.py", "Handler.java")).as("Java sources win").isFalse();
        assertThat(holdsPython("a.py", "io/x/Handler.class")).isFalse();
        assertThat(holdsPython("a.py", "lib/dep.jar")).isFalse();
        assertThat(holdsPython("a.py", "data/tool.jar"))
                .as("a jar outside lib/ is data")
                .isTrue();
        assertThat(holdsPython("data/old.whl"))
                .as("a wheel outside lib/ is data")
                .isFalse();
    }

    @Test
    void aPythonHandlerFormForJavaCodeIsAFailedLoadNamingTheJavaForm() {
        Path zip = new TestCode.Archive()
                .add(
                        "Fn.java",
                        "public class Fn { public Object handle(java.util.Map<String, Object> in) { return in; } }")
                .writeTo(dir.resolve("function.zip"));
        try (LiveFunction live =
                TestSettings.live(TestSettings.zip(zip.toString(), Optional.of("fn:handle"), dir.resolve("work")))) {
            FunctionLoadException error = failure(live.refresh());

            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.HANDLER);
            assertThat(error.getMessage())
                    .isEqualTo(
                            "FUNCTION_ZIP " + zip + ": FUNCTION_HANDLER fn:handle is not a Java handler, and the code"
                                    + " is Java; write [package.]Class[::method]");
        }
    }

    private boolean holdsPython(String... files) throws Exception {
        Path root = Files.createTempDirectory(dir, "unpacked");
        for (String file : files) {
            TestCode.write(root.resolve(file), "");
        }
        return PythonSources.holdsPython(root, "FUNCTION_ZIP test.zip");
    }
}
