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
    private static final String EXPECTED =
            "a Python 3." + MIN_MINOR + " or later interpreter with its standard library," + " e.g. "
                    + DEFAULT_INTERPRETER + " (apt-get install python3)";
    /**
     * The standard library modules fnpulse_worker.py imports that a minimal Python may lack (Debian's python3-minimal
     * has no json, decimal or zoneinfo): asked for at the check, so that such a Python is refused at start rather
     * than failing every load.
     */
    private static final String WORKER_MODULES = "ast base64 collections datetime decimal importlib inspect json math"
            + " platform re struct threading traceback zoneinfo";

    private static final String CHECK = "import importlib.util, platform\n"
            + "print(platform.python_version())\n"
            + "print(' '.join(m for m in '" + WORKER_MODULES + "'.split() if importlib.util.find_spec(m) is None))";

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
     * Runs {@code interpreter} once to ask its version and whether it has the modules the worker imports.
     *
     * @throws ConfigException naming PYTHON when it does not run, is older than 3.9, or lacks a module
     */
    public static PythonSettings check(String interpreter) {
        if (interpreter == null || interpreter.isBlank()) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED);
        }
        String[] answer = answer(interpreter).split("\n", -1);
        String reported = answer[0].strip();
        Matcher matcher = VERSION.matcher(reported);
        if (!matcher.matches()) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; it printed '" + reported + "'");
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major != 3 || minor < MIN_MINOR) {
            throw new ConfigException(VARIABLE, interpreter, EXPECTED + "; it is Python " + reported);
        }
        String missing = answer.length > 1 ? answer[1].strip() : "";
        if (!missing.isEmpty()) {
            throw new ConfigException(
                    VARIABLE,
                    interpreter,
                    EXPECTED + "; Python " + reported + " there lacks the standard library modules " + missing);
        }
        return new PythonSettings(Path.of(interpreter), Optional.of(reported));
    }

    /** Its version on the first line, the worker's modules it lacks on the second. */
    private static String answer(String interpreter) {
        Process process;
        try {
            process = new ProcessBuilder(interpreter, "-I", "-c", CHECK)
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
            String text = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new ConfigException(
                        VARIABLE,
                        interpreter,
                        EXPECTED + "; it exited with " + process.exitValue() + ": " + text.strip());
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
