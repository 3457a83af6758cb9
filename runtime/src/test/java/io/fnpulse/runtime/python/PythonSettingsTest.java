package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.runtime.load.CodeSettings;
import io.fnpulse.runtime.load.FunctionLoadException;
import io.fnpulse.runtime.load.LiveFunction;
import io.fnpulse.runtime.load.Refresh;
import io.fnpulse.runtime.load.UserCodeLimits;
import io.fnpulse.service.config.ConfigException;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PYTHON is checked by running it: at start for a Python module, where one that does not run or is too old stops the
 * runtime with one line; for a zip, when Python code first loads, where it is a failed load naming PYTHON.
 */
class PythonSettingsTest {

    @TempDir
    Path dir;

    @Test
    void acceptsDebiansPython3AndKnowsItsVersion() {
        PythonSettings settings = PythonFixture.python3();

        assertThat(settings.interpreter()).isEqualTo(PythonFixture.PYTHON3);
        assertThat(settings.version().orElseThrow()).matches("3\\.\\d+\\.\\d+.*");
    }

    @Test
    void refusesAnInterpreterThatDoesNotRun() {
        assertThatThrownBy(() -> PythonSettings.check("/nonexistent/python3"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PYTHON='/nonexistent/python3' is not valid: expected a Python 3.9 or later"
                        + " interpreter with its standard library, e.g. /usr/bin/python3 (apt-get install python3); it"
                        + " does not run");
    }

    @Test
    void refusesAnOlderPython() throws Exception {
        Path old = TestCode.write(dir.resolve("python2"), "#!/bin/sh\necho 2.7.18\n");
        java.nio.file.Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> PythonSettings.check(old.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("; it is Python 2.7.18");
    }

    @Test
    void refusesAPythonWithoutTheStandardLibraryTheWorkerNeeds() throws Exception {
        Path minimal =
                TestCode.write(dir.resolve("python3-minimal"), "#!/bin/sh\necho 3.11.2\necho decimal json zoneinfo\n");
        java.nio.file.Files.setPosixFilePermissions(minimal, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> PythonSettings.check(minimal.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("; Python 3.11.2 there lacks the standard library modules decimal json zoneinfo");
    }

    @Test
    void anUncheckedInterpreterIsCheckedWhenPythonCodeFirstLoads() throws Exception {
        PythonSettings unchecked = PythonSettings.unchecked("/nonexistent/python3");
        assertThat(unchecked.version()).isEmpty();
        Path module = TestCode.write(dir.resolve("f.py"), "def handler(input, context):\n    return input\n");

        try (PythonFunctions functions = new PythonFunctions(unchecked, dir.resolve("python"));
                LiveFunction live = new LiveFunction(
                        new CodeSettings(
                                module,
                                Optional.empty(),
                                Optional.empty(),
                                dir.resolve("code"),
                                Duration.ofSeconds(10),
                                Duration.ZERO,
                                Optional.empty(),
                                false),
                        new UserCodeLimits(Duration.ofSeconds(20), () -> {}),
                        functions)) {
            Refresh refresh = live.refresh();

            assertThat(refresh).isInstanceOf(Refresh.Failed.class);
            FunctionLoadException error = ((Refresh.Failed) refresh).error();
            assertThat(error.kind()).isEqualTo(FunctionLoadException.Kind.NO_PYTHON);
            assertThat(error.getMessage())
                    .contains("is Python code, but PYTHON='/nonexistent/python3' is not valid: expected a Python 3.9");
        }
    }

    @Test
    void refusesABlankInterpreter() {
        assertThatThrownBy(() -> PythonSettings.unchecked(" "))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PYTHON=' ' is not valid: expected a Python 3.9 or later interpreter");
    }
}
