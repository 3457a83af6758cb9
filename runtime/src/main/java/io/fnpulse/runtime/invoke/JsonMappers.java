package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The runtime's JSON mappers. Every input, output and env is full of floating-point numbers, and writing and parsing
 * them is most of a call's own cost outside the function: Jackson's own double writer and parser (Schubfach and
 * FastDoubleParser, both exact) take a third of the time Java 17's {@code Double.toString} and
 * {@code Double.parseDouble} do.
 */
public final class JsonMappers {

    private JsonMappers() {}

    public static ObjectMapper create() {
        return JsonMapper.builder()
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
    }
}
