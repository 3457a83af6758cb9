package io.fnpulse.runtime.load;

import java.util.Optional;

/** What {@link LiveFunction#refresh()} found. */
public sealed interface Refresh {

    /** The code is the one already running (or nothing could have changed since the last look). */
    record Unchanged() implements Refresh {}

    /** New code was loaded and is now current; the replaced version's class loader is closed. */
    record Loaded(LoadedFunction function, Optional<String> replacedVersion) implements Refresh {}

    /**
     * The code as it is now cannot be loaded. The same object comes back on every refresh until the code changes
     * again, so a caller can report each distinct failure once.
     */
    record Failed(FunctionLoadException error, Optional<LoadedFunction> stillRunning) implements Refresh {}
}
