package io.fnpulse.runtime.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnpulse.service.config.ConfigException;
import io.fnpulse.testsupport.code.TestCode;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PYTHON is checked at start by running it: one that does not run, or is too old, stops the runtime with one line. */
class PythonSettingsTest {

    @TempDir
    Path dir;

    @Test
    void acceptsDebiansPython3AndKnowsItsVersion() {
        PythonSettings settings = PythonFixture.python3();

        assertThat(settings.interpreter()).isEqualTo(PythonFixture.PYTHON3);
        assertThat(settings.version()).matches("3\\.\\d+\\.\\d+.*");
    }

    @Test
    void refusesAnInterpreterThatDoesNotRun() {
        assertThatThrownBy(() -> PythonSettings.check("/nonexistent/python3"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("PYTHON='/nonexistent/python3' is not valid: expected a Python 3.9 or later"
                        + " interpreter, e.g. /usr/bin/python3 (apt-get install python3-minimal); it does not run");
    }

    @Test
    void refusesAnOlderPython() throws Exception {
        Path old = TestCode.write(dir.resolve("python2"), "#!/bin/sh\necho 2.7.18\n");
        java.nio.file.Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> PythonSettings.check(old.toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("; it is Python 2.7.18");
    }
}
