package io.fnpulse.api;

import java.util.Map;

/**
 * A function the runtime invokes on every new value of its input key.
 *
 * <p>The input is the JSON object read from Redis, as maps, lists, strings, numbers, booleans and nulls. The return
 * value must serialise to a JSON object; {@code null} or an empty map writes nothing. Throwing fails this call only:
 * the last good output stays in place and {@link Context#env()} is rolled back to what it was before the call.
 */
@FunctionalInterface
public interface Handler {

    Object handle(Map<String, Object> input, Context context) throws Exception;
}
