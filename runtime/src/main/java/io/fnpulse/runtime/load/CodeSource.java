package io.fnpulse.runtime.load;

import java.nio.file.Path;
import java.util.Optional;

/** Where the code comes from: a local file or a URL. Knows how to notice a change cheaply and stage the new bytes. */
sealed interface CodeSource permits LocalCodeSource, UrlCodeSource {

    /**
     * The code as it is now, staged in a new folder, when it may have changed since the last successful poll; empty
     * when it certainly has not (or a URL is not due for a check yet). After a failure the next successful poll
     * always returns the code, so the caller can tell the failure is over.
     */
    Optional<CodeSnapshot> poll() throws FunctionLoadException;

    static CodeSource of(CodeSettings settings, WorkDir workDir) {
        if (settings.functionZip().isEmpty()) {
            Path path = settings.functionPath();
            return new LocalCodeSource(
                    "FUNCTION_PATH", path.toString(), path, CodeSettings.sourceFileForm(path), workDir);
        }
        String raw = settings.functionZip().get();
        ZipLocation location = ZipLocation.parse(raw);
        if (location instanceof ZipLocation.Remote remote) {
            return new UrlCodeSource(
                    raw.strip(),
                    remote.uri(),
                    settings.downloadTimeout(),
                    settings.urlCheckInterval(),
                    settings.followRedirects(),
                    workDir);
        }
        return new LocalCodeSource(
                ZipLocation.VARIABLE,
                raw.strip(),
                ((ZipLocation.Local) location).path(),
                CodeSnapshot.Form.ARCHIVE,
                workDir);
    }
}
