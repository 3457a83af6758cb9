package io.fnpulse.runtime.load;

import io.fnpulse.api.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A version that loaded: its code, its class loader and its entry point.
 *
 * @param build how its classes came to be: "compiled", "compile cache hit" or "precompiled"
 */
record LoadedVersion(CodeSnapshot code, ResolvedHandler handler, String build, FunctionClassLoader classLoader)
        implements LoadedFunction {

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

    /** Closes the class loader and deletes the staged code; calls still running may fail to load new classes. */
    void release() throws IOException {
        try {
            classLoader.close();
        } finally {
            WorkDir.deleteQuietly(code.stagingDir());
        }
    }
}
