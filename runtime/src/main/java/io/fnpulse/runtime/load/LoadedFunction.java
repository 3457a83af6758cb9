package io.fnpulse.runtime.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Context;
import io.fnpulse.runtime.worker.FunctionWorker;
import java.time.Instant;
import java.util.Map;

/** One loaded version of the user's function, ready to call. */
public interface LoadedFunction {

    /** Calls the handler, on the calling thread; what the function throws comes out unwrapped. */
    Object invoke(Map<String, Object> input, Context context) throws Exception;

    /** Where this version's code runs, under a deadline: its own thread, ended with the version. */
    FunctionWorker worker();

    /**
     * The JSON mapper for what this version returns and leaves in its env. Each version has its own, type cache
     * included, so that Jackson's caches of the function's classes go with the version instead of keeping its
     * class loader alive.
     */
    ObjectMapper json();

    /** A short content hash of the loaded code (12 hex digits). */
    String version();

    /** Last modification of the code: the file's or archive's mtime, or a URL's Last-Modified (else download time). */
    Instant modifiedAt();

    /** The class loader this version lives in: its worker's context class loader. */
    ClassLoader classLoader();

    /** One line for logs, e.g. {@code io.x.Foo::handle from /opt/usermodule.java (a1b2c3d4e5f6, compiled)}. */
    String describe();
}
