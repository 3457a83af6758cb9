package io.fnpulse.runtime.load;

import io.fnpulse.service.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the function's code comes from (FUNCTION_PATH, FUNCTION_ZIP, FUNCTION_HANDLER as configured) plus a folder
 * the loader owns.
 *
 * @param functionPath     a {@code .java} source, a {@code .jar} or a {@code .py} module; used when {@code functionZip} is
 *                         absent
 * @param functionZip      the raw FUNCTION_ZIP: a path, {@code file:}, {@code http:} or {@code https:} URL of a zip or
 *                         jar; wins over {@code functionPath}
 * @param handler          FUNCTION_HANDLER, or empty for the defaults (see docs/functions.md)
 * @param workDir          writable, owned by one loader at a time: staged code, unpacked archives, the compile cache.
 *                         Keeping it across restarts (an emptyDir) lets a restart skip javac.
 * @param downloadTimeout  how long one download of FUNCTION_ZIP may take, connection to last byte
 * @param urlCheckInterval at least this long between two checks of a FUNCTION_ZIP URL for new content
 * @param zipSha256        FUNCTION_ZIP_SHA256: the hex SHA-256 the archive must have, or any
 * @param followRedirects  FUNCTION_ZIP_FOLLOW_REDIRECTS: follow a download's redirect to another host
 * @throws ConfigException when the code location in use cannot work, naming the variable and the expected form
 */
public record CodeSettings(
        Path functionPath,
        Optional<String> functionZip,
        Optional<HandlerSpec> handler,
        Path workDir,
        Duration downloadTimeout,
        Duration urlCheckInterval,
        Optional<String> zipSha256,
        boolean followRedirects) {

    public static final String SHA256_VARIABLE = "FUNCTION_ZIP_SHA256";
    /** FUNCTION_PATH beside a FUNCTION_ZIP, which wins: never read. */
    private static final Path UNUSED_PATH = Path.of("/opt/usermodule.java");
    /** A download timeout is required, and only a URL uses it. */
    private static final Duration LOCAL_FILES_NEVER_DOWNLOAD = Duration.ofSeconds(30);

    public CodeSettings {
        Objects.requireNonNull(functionPath, "functionPath");
        Objects.requireNonNull(functionZip, "functionZip");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(downloadTimeout, "downloadTimeout");
        Objects.requireNonNull(urlCheckInterval, "urlCheckInterval");
        Objects.requireNonNull(zipSha256, "zipSha256");
        if (zipSha256.isPresent() && !zipSha256.get().matches("(?i)[0-9a-f]{64}")) {
            throw new ConfigException(
                    SHA256_VARIABLE,
                    zipSha256.get(),
                    "64 hexadecimal digits, the SHA-256 of the" + " archive (sha256sum function.zip)");
        }
        if (zipSha256.isPresent() && functionZip.isEmpty()) {
            throw new ConfigException(
                    SHA256_VARIABLE, zipSha256.get(), "to be set only with FUNCTION_ZIP, whose" + " archive it checks");
        }
        if (functionZip.isPresent()) {
            ZipLocation.parse(functionZip.get());
        } else {
            checkHandlerFits(sourceFileForm(functionPath), handler, functionPath);
        }
        if (downloadTimeout.isNegative() || downloadTimeout.isZero()) {
            throw new IllegalArgumentException("downloadTimeout must be positive, got " + downloadTimeout);
        }
        if (urlCheckInterval.isNegative()) {
            throw new IllegalArgumentException("urlCheckInterval must not be negative, got " + urlCheckInterval);
        }
    }

    /**
     * The settings the runtime would have for one local file: a {@code .java} source, a {@code .jar} or a
     * {@code .py} module as FUNCTION_PATH, a {@code .zip} as FUNCTION_ZIP. For the author's tools, which load a file the way a deployment
     * would.
     *
     * @throws IllegalArgumentException for a file of another kind, naming the kinds there are
     */
    public static CodeSettings ofFile(Path file, Optional<HandlerSpec> handler, Path workDir) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        boolean zip = name.endsWith(".zip");
        if (!zip && !name.endsWith(".java") && !name.endsWith(".jar") && !name.endsWith(".py")) {
            throw new IllegalArgumentException(file + ": expected a .java source file, a .jar, a .py module or a .zip"
                    + " (of classes, sources and lib/*.jar, or of Python modules)");
        }
        return new CodeSettings(
                zip ? UNUSED_PATH : file,
                zip ? Optional.of(file.toString()) : Optional.empty(),
                handler,
                workDir,
                LOCAL_FILES_NEVER_DOWNLOAD,
                Duration.ZERO,
                Optional.empty(),
                false);
    }

    /** Whether the code is a Python module (FUNCTION_PATH ending in {@code .py}); a zip's language shows at loading. */
    public boolean isPythonModule() {
        return functionZip.isEmpty() && sourceFileForm(functionPath) == CodeSnapshot.Form.PYTHON_FILE;
    }

    /**
     * FUNCTION_PATH when it is not set: the course's {@code /opt/usermodule.py} where that exists and
     * {@code /opt/usermodule.java} does not, else {@code /opt/usermodule.java}.
     */
    public static Path defaultFunctionPath(Path java, Path python) {
        return Files.notExists(java) && Files.isRegularFile(python) ? python : java;
    }

    /** Whether FUNCTION_PATH names a Java source to compile, a jar to load as is, or a Python module. */
    static CodeSnapshot.Form sourceFileForm(Path functionPath) {
        String name = String.valueOf(functionPath.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".java")) {
            return CodeSnapshot.Form.SOURCE_FILE;
        }
        if (name.endsWith(".jar")) {
            return CodeSnapshot.Form.JAR;
        }
        if (name.endsWith(".py")) {
            return CodeSnapshot.Form.PYTHON_FILE;
        }
        throw new ConfigException(
                "FUNCTION_PATH",
                functionPath.toString(),
                "a .java source file, a .jar or a .py module (for a .zip, set FUNCTION_ZIP)");
    }

    /** FUNCTION_HANDLER in the form of the language FUNCTION_PATH is in; for a zip the language shows at loading. */
    private static void checkHandlerFits(CodeSnapshot.Form form, Optional<HandlerSpec> handler, Path functionPath) {
        if (handler.isEmpty()) {
            return;
        }
        HandlerSpec spec = handler.get();
        if (form == CodeSnapshot.Form.PYTHON_FILE && spec.javaOnly()) {
            throw new ConfigException(
                    "FUNCTION_HANDLER",
                    spec.toString(),
                    "function, module.function or module:function, since FUNCTION_PATH " + functionPath
                            + " is a Python module");
        }
        if (form != CodeSnapshot.Form.PYTHON_FILE && !spec.javaForm()) {
            throw new ConfigException(
                    "FUNCTION_HANDLER",
                    spec.toString(),
                    "[package.]Class[::method], since FUNCTION_PATH " + functionPath + " is Java code");
        }
    }
}
