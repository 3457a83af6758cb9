package io.fnpulse.stack.author.function;

import io.fnpulse.stack.author.cli.UsageException;
import io.fnpulse.testkit.Call;
import io.fnpulse.testkit.FunctionLoadFailure;
import io.fnpulse.testkit.FunctionUnderTest;

/**
 * A function of any kind the runtime runs (a .java source, a jar, a .py module, a zip), run by the test kit: the
 * runtime's own loader and invoker, and for Python its own worker.
 */
final class KitFunction implements AuthorFunction {

    private final FunctionUnderTest function;

    private KitFunction(FunctionUnderTest function) {
        this.function = function;
    }

    static KitFunction load(FunctionRequest request) {
        FunctionUnderTest.Builder builder = FunctionUnderTest.from(request.file())
                .timeout(request.timeout())
                .env(request.env())
                .codeCache(request.codeCache())
                .python(request.python());
        FunctionRequest.ContextValues context = request.context();
        builder.context(context.host(), context.port(), context.inputKey(), context.outputKey());
        try {
            request.handler().ifPresent(builder::handler);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--handler " + request.handler().get() + " is not valid: " + e.getMessage());
        }
        try {
            return new KitFunction(builder.load());
        } catch (FunctionLoadFailure e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public Call call(String rawInput) {
        return function.call(rawInput);
    }

    @Override
    public String envJson() {
        return function.envJson();
    }

    @Override
    public String describe() {
        return function.describe();
    }

    @Override
    public void close() {
        function.close();
    }
}
