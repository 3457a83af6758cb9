package io.fnpulse.runtime.python;

import io.fnpulse.service.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interpreter Python functions run in (the setting PYTHON), checked by running it once: at start when
 * FUNCTION_PATH is a Python module, else when the first Python version loads (a FUNCTION_ZIP shows its language only
 * then), so that a runtime of Java functions never needs Python.
 *
 * @param interpreter the command, e.g. {@code /usr/bin/python3}
 * @param version     what it reported, e.g. {@code 3.11.2}; empty until checked
 */
public record PythonSettings(Path interpreter, Optional<String> version) {

    public static final String VARIABLE = "PYTHON";
    public static final String DEFAULT_INTERPRETER = "/usr/bin/python3";
    /** zoneinfo, which saved env's time zones need, came with 3.9. */
    static final int MIN_MINOR = 9;

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\S*");
    private static final String EXPECTED = "a Python 3." + MIN_MINOR + " or later interpreter, e.g. "
            + DEFAULT_INTERPRETER + " (apt-get install python3-minimal)";

    public PythonSettings {
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(version, "version");
    }

    /**
     * PYTHON as set, to be checked when a Python version first loads ({@link #checked()}).
     *
     * @throws ConfigException naming PYTHON when it is blank or not a path
     */
    public static PythonSettings unchecked(String interpreter) {
        if (interpreter == null || interpreter.isBlank()) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED);
        }
        try {
            return new PythonSettings(Path.of(interpreter), Optional.empty());
        } catch (InvalidPathException e) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED);
        }
    }

    /** These settings checked: themselves once checked, else {@link #check} of the interpreter. */
    public PythonSettings checked() {
        return version.isPresent() ? this : check(interpreter.toString());
    }

    /**
     * Runs {@code interpreter} once to ask its version.
     *
     * @throws ConfigException naming PYTHON when it does not run or is older than 3.9
     */
    public static PythonSettings check(String interpreter) {
        if (interpreter == null || interpreter.isBlank()) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED);
        }
        String reported = reportedVersion(interpreter);
        Matcher matcher = VERSION.matcher(reported);
        if (!matcher.matches()) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; it printed '" + reported + "'");
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major != 3 || minor < MIN_MINOR) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; it is Python " + reported);
        }
        return new PythonSettings(Path.of(interpreter), Optional.of(reported));
    }

    private static String reportedVersion(String interpreter) {
        Process process;
        try {
            process = new ProcessBuilder(interpreter, "-I", "-c", "import platform; print(platform.python_version())")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; it does not run: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            // waited for first: a few bytes fit in the pipe, and a read could block for good on one that hangs
            if (!process.waitFor(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ConfigException(
                        VARIABLE,
                        interpreter,
                        EXPECTED + "; it did not answer within " + CHECK_TIMEOUT.toSeconds() + " s");
            }
            String text = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new ConfigException(
                        VARIABLE, interpreter, EXPECTED + "; it exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; reading its answer failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; interrupted while checking it");
        } finally {
            process.destroyForcibly();
        }
    }
}
