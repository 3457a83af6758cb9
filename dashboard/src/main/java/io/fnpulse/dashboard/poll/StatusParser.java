package io.fnpulse.dashboard.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.FunctionStatus;
import io.fnpulse.service.redis.KeyRead;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads the runtime's status JSON. A status key too long to read or of another type is that key's problem, shown on
 * the page; anything else that is not a status object counts as no status, since the status line is only a courtesy.
 * Stack traces are cut short because the page only needs their top.
 */
public final class StatusParser {

    static final int STACK_TRACE_LIMIT = 4_000;

    /** The status, if there is a readable one, and why the key cannot be read, if it cannot. */
    public record Read(Optional<FunctionStatus> status, Problem problem) {
        static final Read NONE = new Read(Optional.empty(), null);
    }

    private final ObjectMapper mapper;
    private final String key;

    public StatusParser(ObjectMapper mapper, String key) {
        this.mapper = mapper;
        this.key = key;
    }

    public Read parse(KeyRead read) {
        return Problem.ofRead(read, key)
                .map(problem -> new Read(Optional.empty(), problem))
                .orElseGet(() -> new Read(parse(read.value().orElse(null)), null));
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
            return Optional.of(shortened(mapper.treeToValue(node, FunctionStatus.class)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static FunctionStatus shortened(FunctionStatus s) {
        return new FunctionStatus(
                s.ok(),
                s.lastExecution(),
                s.durationMs(),
                s.functionGetmtime(),
                s.codeVersion(),
                shortened(s.error()),
                shortened(s.codeError()),
                s.handler(),
                s.instance(),
                s.updatedAt());
    }

    private static ErrorReport shortened(ErrorReport error) {
        if (error == null || error.stackTrace() == null || error.stackTrace().length() <= STACK_TRACE_LIMIT) {
            return error;
        }
        return new ErrorReport(
                error.type(), error.message(), error.stackTrace().substring(0, STACK_TRACE_LIMIT) + "\n\t…");
    }
}
