package io.fnpulse.runtime.load;

import java.util.Objects;
import java.util.Optional;
import javax.lang.model.SourceVersion;

/** FUNCTION_HANDLER: {@code [package.]Class[::method]}. */
public record HandlerSpec(String className, Optional<String> methodName) {

    static final String EXPECTED =
            "expected [package.]Class[::method], e.g. io.fnpulse.function.MetricsFunction::handle";

    public HandlerSpec {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        boolean validMethod = methodName
                .map(m -> SourceVersion.isIdentifier(m) && !SourceVersion.isKeyword(m))
                .orElse(true);
        if (!SourceVersion.isName(className) || !validMethod) {
            throw new IllegalArgumentException(EXPECTED);
        }
    }

    /** Parses the text form; the exception's message is the expected form. */
    public static HandlerSpec parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String trimmed = text.strip();
        int separator = trimmed.indexOf("::");
        if (separator < 0) {
            return new HandlerSpec(trimmed, Optional.empty());
        }
        return new HandlerSpec(trimmed.substring(0, separator), Optional.of(trimmed.substring(separator + 2)));
    }

    static HandlerSpec of(String className, String methodName) {
        return new HandlerSpec(className, Optional.of(methodName));
    }

    @Override
    public String toString() {
        return className + methodName.map(method -> "::" + method).orElse("");
    }
}
