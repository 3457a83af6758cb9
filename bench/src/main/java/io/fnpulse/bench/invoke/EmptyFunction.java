package io.fnpulse.bench.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Context;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.runtime.worker.FunctionWorker;
import java.time.Instant;
import java.util.Map;

/** A function that does nothing but return a constant one-key object, so what is measured is the runtime around it. */
final class EmptyFunction implements LoadedFunction, AutoCloseable {

    static final Map<String, Object> RESULT = Map.of("ok", 1);

    private final FunctionWorker worker =
            new FunctionWorker("function-bench", EmptyFunction.class.getClassLoader(), () -> {});
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public FunctionWorker worker() {
        return worker;
    }

    @Override
    public ObjectMapper json() {
        return json;
    }

    @Override
    public void close() {
        worker.close();
    }

    @Override
    public Object invoke(Map<String, Object> input, Context context) {
        return RESULT;
    }

    @Override
    public String version() {
        return "000000000000";
    }

    @Override
    public Instant modifiedAt() {
        return Instant.EPOCH;
    }

    @Override
    public String describe() {
        return "EmptyFunction::handle";
    }

    @Override
    public ClassLoader classLoader() {
        return EmptyFunction.class.getClassLoader();
    }
}
