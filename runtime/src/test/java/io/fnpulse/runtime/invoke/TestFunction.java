package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.load.JavaFunction;
import io.fnpulse.runtime.worker.FunctionWorker;
import java.time.Instant;

/** A LoadedFunction around a lambda, on a worker of the test's, for exercising the invoker without compiling. */
public record TestFunction(Handler handler, FunctionWorker worker, ObjectMapper json) implements JavaFunction {

    public TestFunction(Handler handler, FunctionWorker worker) {
        this(handler, worker, new ObjectMapper());
    }

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
