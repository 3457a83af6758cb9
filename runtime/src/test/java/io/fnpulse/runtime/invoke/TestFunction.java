package io.fnpulse.runtime.invoke;

import io.fnpulse.api.Handler;
import io.fnpulse.runtime.load.LoadedFunction;
import java.time.Instant;

/** A LoadedFunction around a lambda, for exercising the invoker without compiling anything. */
record TestFunction(Handler handler) implements LoadedFunction {

    @Override
    public Object invoke(java.util.Map<String, Object> input, io.fnpulse.api.Context context) throws Exception {
        return handler.handle(input, context);
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public Instant modifiedAt() {
        return Instant.EPOCH;
    }

    @Override
    public String describe() {
        return "test function";
    }

    @Override
    public ClassLoader classLoader() {
        return getClass().getClassLoader();
    }
}
