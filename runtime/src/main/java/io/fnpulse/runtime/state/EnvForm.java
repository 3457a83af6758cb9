package io.fnpulse.runtime.state;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * How an env is written, in the state key and in the runtime's memory: plain JSON, which a Java function keeps in
 * {@code context.env()}, or the typed form a Python function's {@code context.env} is saved in (its tuples, datetimes,
 * deques and integer keys kept as such). An env passes from one form to the other when a version of the other language
 * takes over, by a hot reload or after a restart.
 */
public enum EnvForm {
    /** JSON as it is. */
    JSON,
    /** The typed JSON of a Python function's env (see {@link EnvShadow}). */
    PYTHON;

    /** The state key's {@code envForm} field: none for plain JSON, so states saved before Python read as they were. */
    public Optional<String> tag() {
        return this == JSON ? Optional.empty() : Optional.of(name().toLowerCase(java.util.Locale.ROOT));
    }

    /** @throws IllegalArgumentException for a tag no form has */
    public static EnvForm ofTag(String tag) {
        return Arrays.stream(values())
                .filter(form -> form.tag().orElse("json").equals(tag))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + tag + "' is not an env form: expected python"));
    }

    /**
     * {@code env}, written in {@code from}, in this form: what a version of this form's language sees of the values a
     * version of the other language left. Python to JSON shows what JSON can show ({@link EnvShadow#of}); JSON to
     * Python keeps every value.
     */
    public Map<String, Object> from(EnvForm from, Map<String, Object> env) {
        if (from == this) {
            return env;
        }
        if (this == PYTHON) {
            return EnvShadow.typed(env);
        }
        try {
            return EnvShadow.of(env);
        } catch (EnvShadow.NotTypedEnv e) {
            // a typed env was checked when it was restored, or written by the worker itself
            throw new IllegalStateException("the live env is not in the typed form: " + e.getMessage(), e);
        }
    }
}
