package io.fnpulse.bench.invoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Context;
import io.fnpulse.api.Handler;
import io.fnpulse.runtime.load.JavaFunction;
import io.fnpulse.runtime.worker.FunctionWorker;
import java.time.Instant;
import java.util.Map;

/**
 * A Java function as the runtime holds one, around a handler of the harness's, so what is measured is the runtime
 * around it: {@link #empty()} returns a constant one-key object.
 */
final class InProcessFunction implements JavaFunction, AutoCloseable {

    static final Map<String, Object> RESULT = Map.of("ok", 1);

    private final Handler handler;
    private final String name;
    private final FunctionWorker worker =
            new FunctionWorker("function-bench", InProcessFunction.class.getClassLoader(), () -> {});
    private final ObjectMapper json = new ObjectMapper();

    InProcessFunction(Handler handler, String name) {
        this.handler = handler;
        this.name = name;
    }

    static InProcessFunction empty() {
        return new InProcessFunction((input, context) -> RESULT, "EmptyFunction::handle");
    }

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
    public Object invoke(Map<String, Object> input, Context context) throws Exception {
        return handler.handle(input, context);
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
        return name;
    }

    @Override
    public ClassLoader classLoader() {
        return InProcessFunction.class.getClassLoader();
    }
}
