package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fnpulse.service.function.CallRecord;
import io.fnpulse.service.function.FunctionStatus;
import java.util.LinkedHashMap;

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

    /**
     * Makes in {@code json} what the first input would otherwise make on the way to the first output: the deserialiser
     * of an input object ({@link InputDecoder}), Jackson's parser classes, initialised (their number bounds are
     * {@code BigDecimal}s, whose own initialisation on Java 25 computes 5^65536), and the serialisers of the status and
     * the calls log's records, which Jackson makes by introspecting their classes (annotations included, each an
     * instance of a proxy class generated at run time, which no start-up archive holds). The runtime runs it on a
     * thread of its own while it starts, so that this work overlaps the rest of the start instead of preceding the
     * first output; it leaves nothing behind but those (thread-safe) caches of the mapper.
     */
    public static void prepare(ObjectMapper json) {
        json.readerFor(LinkedHashMap.class);
        try {
            json.readTree("{}");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an empty JSON object always parses", e);
        }
        json.writerFor(FunctionStatus.class);
        json.writerFor(CallRecord.class);
    }
}
