package io.fnpulse.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A code location that cannot work is refused when the settings are made, so the runtime stops at start. */
class CodeSettingsTest {

    private static CodeSettings settings(Path functionPath, Optional<String> functionZip) {
        return new CodeSettings(
                functionPath,
                functionZip,
                Optional.empty(),
                Path.of("/tmp/work"),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Optional.empty(),
                false);
    }

    private static CodeSettings settings(Path functionPath, String handler) {
        return new CodeSettings(
                functionPath,
                Optional.empty(),
                Optional.of(HandlerSpec.parse(handler)),
                Path.of("/tmp/work"),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Optional.empty(),
                false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/opt/usermodule.java", "/opt/function.jar", "/opt/Function.JAVA", "/opt/usermodule.py"})
    void acceptsASourceFileAJarOrAPythonModule(String path) {
        assertThatCode(() -> settings(Path.of(path), Optional.empty())).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/opt/function.zip", "/opt/fn", "/opt/usermodule.pyc"})
    void refusesAnyOtherFunctionPath(String path) {
        assertThatThrownBy(() -> settings(Path.of(path), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FUNCTION_PATH='" + path + "' is not valid: expected a .java source file, a .jar or a .py"
                        + " module (for a .zip, set FUNCTION_ZIP)");
    }

    @Test
    void refusesAHandlerInTheOtherLanguagesForm() {
        assertThatThrownBy(() -> settings(Path.of("/opt/usermodule.py"), "Metrics::handle"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FUNCTION_HANDLER='Metrics::handle' is not valid: expected function, module.function or"
                        + " module:function, since FUNCTION_PATH /opt/usermodule.py is a Python module");
        assertThatThrownBy(() -> settings(Path.of("/opt/usermodule.java"), "metrics:handler"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FUNCTION_HANDLER='metrics:handler' is not valid: expected [package.]Class[::method],"
                        + " since FUNCTION_PATH /opt/usermodule.java is Java code");
        assertThatCode(() -> settings(Path.of("/opt/usermodule.py"), "usermodule.handler"))
                .doesNotThrowAnyException();
    }

    @Test
    void defaultsToTheCoursesPythonModuleOnlyWhereThereIsNoJavaSource(@TempDir Path opt) throws Exception {
        Path java = opt.resolve("usermodule.java");
        Path python = opt.resolve("usermodule.py");

        assertThat(CodeSettings.defaultFunctionPath(java, python))
                .as("neither exists")
                .isEqualTo(java);
        Files.writeString(python, "def handler(input, context): pass\n");
        assertThat(CodeSettings.defaultFunctionPath(java, python))
                .as("only the .py")
                .isEqualTo(python);
        Files.writeString(java, "public class F {}");
        assertThat(CodeSettings.defaultFunctionPath(java, python)).as("both").isEqualTo(java);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/opt/fn/function.zip",
                "file:///opt/fn/function.zip",
                "http://code/f.zip",
                "https://code.example.com/functions/metrics.jar?token=abc"
            })
    void acceptsAZipPathOrUrlAndThenIgnoresFunctionPath(String zip) {
        CodeSettings settings = settings(Path.of("/opt/not-used.py"), Optional.of(zip));

        assertThat(settings.functionZip()).contains(zip);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://code/f.zip",
                "s3://bucket/f.zip",
                "https:///no-host.zip",
                "file:relative.zip",
                "http://bad host/f.zip"
            })
    void refusesAZipLocationItCannotFetch(String zip) {
        assertThatThrownBy(() -> settings(Path.of("/opt/usermodule.java"), Optional.of(zip)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("FUNCTION_ZIP='" + zip + "' is not valid: expected a path, or a file:, http: or https:"
                        + " URL of a .zip or .jar");
    }
}
