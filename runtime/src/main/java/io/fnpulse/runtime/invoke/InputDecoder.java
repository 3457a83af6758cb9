package io.fnpulse.runtime.invoke;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the input key's value into the map a function receives, or says precisely why it cannot. */
public final class InputDecoder {

    private final ObjectMapper json;
    private final ObjectReader mapReader;

    public InputDecoder(ObjectMapper json) {
        this.json = json;
        this.mapReader = json.readerFor(LinkedHashMap.class);
    }

    public Map<String, Object> decode(String raw) throws InvalidInputException {
        if (raw.isBlank()) {
            throw new InvalidInputException("the input is empty, not a JSON object");
        }
        try (JsonParser parser = json.createParser(raw)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidInputException(
                        "the input is " + describe(first) + ", not a JSON object: " + excerpt(raw));
            }
            Map<String, Object> input = mapReader.readValue(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInputException("the input has more after its JSON object: " + excerpt(raw));
            }
            return input;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "the input is not valid JSON (" + e.getOriginalMessage() + "): " + excerpt(raw), e);
        } catch (IOException e) {
            throw new InvalidInputException("the input could not be read: " + e.getMessage(), e);
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "a JSON array";
            case VALUE_STRING -> "a JSON string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
            case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
            case VALUE_NULL -> "JSON null";
            default -> "not JSON";
        };
    }

    private static String excerpt(String raw) {
        String flat = raw.replaceAll("\\s+", " ").strip();
        return flat.length() <= 80 ? flat : flat.substring(0, 77) + "...";
    }
}
