package io.fnpulse.runtime.load;

import io.fnpulse.api.Context;
import io.fnpulse.api.Handler;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Map;

/** A handler method, static or bound to its instance, adapted to {@code (Map, Context) -> Object}. */
record MethodEntry(MethodHandle target) implements Handler {

    @Override
    public Object handle(Map<String, Object> input, Context context) throws Exception {
        try {
            return (Object) target.invokeExact(input, context);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UndeclaredThrowableException(t);
        }
    }
}
