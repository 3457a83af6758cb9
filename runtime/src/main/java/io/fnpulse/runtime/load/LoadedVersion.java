package io.fnpulse.runtime.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Context;
import io.fnpulse.runtime.worker.FunctionWorker;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A version that loaded: its code, its class loader, its worker and its entry point.
 *
 * @param build how its classes came to be: "compiled", "compile cache hit" or "precompiled"
 */
record LoadedVersion(
        CodeSnapshot code,
        ResolvedHandler handler,
        String build,
        FunctionClassLoader classLoader,
        FunctionWorker worker,
        ObjectMapper json)
        implements JavaFunction {

    @Override
    public Object invoke(Map<String, Object> input, Context context) throws Exception {
        return handler.entry().handle(input, context);
    }

    @Override
    public String version() {
        return code.version();
    }

    @Override
    public Instant modifiedAt() {
        return code.modifiedAt();
    }

    @Override
    public String describe() {
        return handler.spec() + " from " + code.origin() + " (" + version() + ", " + build + ")";
    }

    /**
     * Ends the worker (interrupting the threads the function started), closes the class loader and deletes the
     * staged code.
     */
    void release() throws IOException {
        try {
            worker.close();
            classLoader.close();
        } finally {
            WorkDir.deleteQuietly(code.stagingDir());
        }
    }
}
