package io.fnpulse.runtime.load;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One version of the code, copied into its own staging folder so that what runs cannot change or vanish underneath
 * (a ConfigMap update deletes the old files; a download is replaced by the next one).
 *
 * @param variable   the setting it came from, FUNCTION_PATH or FUNCTION_ZIP
 * @param origin     where it came from, as configured: a path or URL
 * @param file       the staged copy
 * @param stagingDir the folder holding the staged copy and anything unpacked from it; deleted with the version
 * @param hash       SHA-256 of the file's bytes, hex
 */
public record CodeSnapshot(
        String variable, String origin, Form form, Path file, Path stagingDir, String hash, Instant modifiedAt) {

    public enum Form {
        /** One .java file, compiled here. */
        SOURCE_FILE,
        /** A jar on FUNCTION_PATH, loaded as is. */
        JAR,
        /** One .py file: a Python module, run in a worker process. */
        PYTHON_FILE,
        /** FUNCTION_ZIP: a zip or jar of classes and/or sources, with lib/*.jar, or of Python modules; unpacked here. */
        ARCHIVE
    }

    /** The short content hash that names this version. */
    public String version() {
        return ContentHash.shortForm(hash);
    }

    /** How errors about this code start, e.g. {@code FUNCTION_ZIP https://host/f.zip}. */
    public String subject() {
        return variable + " " + origin;
    }
}
