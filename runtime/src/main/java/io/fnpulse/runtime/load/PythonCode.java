package io.fnpulse.runtime.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Python code staged for loading: where its modules are and which function to call.
 *
 * @param code          the staged snapshot: origin, version, modification time
 * @param path          the folders and archives to put first on {@code sys.path}: the code's root, then {@code lib/}
 *                      and the wheels in it
 * @param staged        the staged file or folder the tracebacks should show under {@code shownAs}
 * @param shownAs       what the user calls it: {@code /opt/usermodule.py}, {@code /srv/f.zip!}
 * @param module        the module to import; empty: the one top-level module that defines the function
 * @param function      the function, or a dotted attribute path, in that module
 * @param importTimeout how long importing the module may take (HANDLER_TIMEOUT_SECONDS, as for a call)
 */
public record PythonCode(
        CodeSnapshot code,
        List<Path> path,
        Path staged,
        String shownAs,
        Optional<String> module,
        String function,
        Duration importTimeout) {

    public PythonCode {
        Objects.requireNonNull(code, "code");
        path = List.copyOf(path);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("the path needs the code's root");
        }
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(shownAs, "shownAs");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(importTimeout, "importTimeout");
    }
}
