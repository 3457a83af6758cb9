package io.fnpulse.runtime.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnpulse.api.Context;
import io.fnpulse.runtime.load.LoadedFunction;
import io.fnpulse.service.function.ErrorReport;
import io.fnpulse.service.function.FunctionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Composes the status key's JSON ({@link FunctionStatus}) from what the runtime knows at the end of a call. */
public final class StatusReport {

    private final ObjectMapper json;
    private final Context context;
    private final String instance;
    private final CodeError code;

    /** @param code the runtime's code error, kept in every status until the code loads again */
    public StatusReport(ObjectMapper json, Context context, String instance, CodeError code) {
        this.json = json;
        this.context = context;
        this.instance = instance;
        this.code = code;
    }

    public Optional<ErrorReport> codeError() {
        return code.get();
    }

    public String success(Optional<LoadedFunction> function, Duration took, Instant writtenAt) {
        return encode(new FunctionStatus(
                true,
                writtenAt.toString(),
                millis(took),
                mtime(),
                version(function),
                null,
                code.get().orElse(null),
                handler(function),
                instance,
                writtenAt.toString()));
    }

    public String failure(Optional<LoadedFunction> function, ErrorReport error, Duration took, Instant now) {
        return encode(new FunctionStatus(
                false,
                lastExecution(),
                took == null ? null : millis(took),
                mtime(),
                version(function),
                error,
                code.get().orElse(null),
                handler(function),
                instance,
                now.toString()));
    }

    private String lastExecution() {
        return Objects.toString(context.lastExecution(), null);
    }

    private String mtime() {
        return Objects.toString(context.functionGetmtime(), null);
    }

    private static String version(Optional<LoadedFunction> function) {
        return function.map(LoadedFunction::version).orElse(null);
    }

    private static String handler(Optional<LoadedFunction> function) {
        return function.map(LoadedFunction::describe).orElse(null);
    }

    private static double millis(Duration took) {
        return took.toNanos() / 1_000_000.0;
    }

    private String encode(FunctionStatus status) {
        try {
            return json.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status record always serialises", e);
        }
    }
}
