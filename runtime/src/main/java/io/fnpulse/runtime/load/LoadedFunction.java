package io.fnpulse.runtime.load;

import io.fnpulse.api.Context;
import java.time.Instant;
import java.util.Map;

/** One loaded version of the user's function, ready to call. */
public interface LoadedFunction {

    /** Calls the handler; what the function throws comes out unwrapped. */
    Object invoke(Map<String, Object> input, Context context) throws Exception;

    /** A short content hash of the loaded code (12 hex digits). */
    String version();

    /** Last modification of the code: the file's or archive's mtime, or a URL's Last-Modified (else download time). */
    Instant modifiedAt();

    /** One line for logs, e.g. {@code io.x.Foo::handle from /opt/usermodule.java (a1b2c3d4e5f6, compiled)}. */
    String describe();

    /** The class loader this version lives in; set it as the thread context class loader during a call. */
    ClassLoader classLoader();
}
