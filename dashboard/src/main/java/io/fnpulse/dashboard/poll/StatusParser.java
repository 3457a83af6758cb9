package io.fnpulse.dashboard.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/** Reads the runtime's status JSON; anything else counts as no status, since the status line is only a courtesy. */
public final class StatusParser {

    private final ObjectMapper mapper;

    public StatusParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Optional<FunctionStatus> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(raw);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            return Optional.of(mapper.treeToValue(node, FunctionStatus.class));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
