package io.fnpulse.runtime.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Context;
import io.fnpulse.runtime.worker.FunctionWorker;
import java.util.Map;

/** A version of a Java function: its classes in a class loader of its own, called on a worker thread of this JVM. */
public interface JavaFunction extends LoadedFunction {

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

    /** The class loader this version lives in: its worker's context class loader. */
    ClassLoader classLoader();
}
