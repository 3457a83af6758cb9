package io.fnpulse.runtime.load;

import io.fnpulse.runtime.state.EnvForm;
import java.time.Instant;

/**
 * One loaded version of the user's function, whatever its language, as the rest of the runtime sees it: what it is
 * called in logs and the status, and when its code changed. How a call reaches it is the invoker's business: a
 * {@link JavaFunction} runs in this JVM; a version that runs elsewhere (a Python worker process) runs its calls
 * itself.
 */
public interface LoadedFunction {

    /** A short content hash of the loaded code (12 hex digits). */
    String version();

    /** Last modification of the code: the file's or archive's mtime, or a URL's Last-Modified (else download time). */
    Instant modifiedAt();

    /** The form the env of its calls is in: plain JSON for a Java version, the typed form for a Python one. */
    default EnvForm envForm() {
        return EnvForm.JSON;
    }

    /** One line for logs, e.g. {@code io.x.Foo::handle from /opt/usermodule.java (a1b2c3d4e5f6, compiled)}. */
    String describe();
}
