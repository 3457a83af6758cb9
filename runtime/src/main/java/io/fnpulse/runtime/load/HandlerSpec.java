package io.fnpulse.runtime.load;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * FUNCTION_HANDLER: {@code [package.]Class[::method]} for a Java function; {@code function}, {@code module.function}
 * or {@code module:function} for a Python one (dotted module names allowed). Either way a container (a class, a
 * module) and a member of it. Which language reads it is known once the code is there, since a FUNCTION_ZIP may
 * hold either; {@link #python()} gives the Python reading.
 *
 * @param className  the class (Java), the module before a single colon, or the whole text without a separator
 * @param methodName what follows {@code ::} (Java) or {@code :} (Python)
 * @param colon      written with Python's single colon: {@code module:function}
 */
public record HandlerSpec(String className, Optional<String> methodName, boolean colon) {

    static final String EXPECTED = "expected [package.]Class[::method] for Java or [module.]function or"
            + " module:function for Python, e.g. io.fnpulse.function.MetricsFunction::handle or metrics:handler";

    /** Python's keywords, which cannot name a module or a function. */
    private static final Set<String> PYTHON_KEYWORDS = Set.of(
            "False",
            "None",
            "True",
            "and",
            "as",
            "assert",
            "async",
            "await",
            "break",
            "class",
            "continue",
            "def",
            "del",
            "elif",
            "else",
            "except",
            "finally",
            "for",
            "from",
            "global",
            "if",
            "import",
            "in",
            "is",
            "lambda",
            "nonlocal",
            "not",
            "or",
            "pass",
            "raise",
            "return",
            "try",
            "while",
            "with",
            "yield");

    /** The Python reading: the module when the text names one, and the function (or attribute path) in it. */
    public record PythonEntry(Optional<String> module, String function) {}

    public HandlerSpec {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        boolean valid = colon
                ? methodName.isPresent() && isPythonName(className) && isPythonName(methodName.get())
                : isJavaName(className, methodName) || methodName.isEmpty() && isPythonName(className);
        if (!valid) {
            throw new IllegalArgumentException(EXPECTED);
        }
    }

    /** A Java class, or a Python {@code [module.]function}, with no separator. */
    public HandlerSpec(String className, Optional<String> methodName) {
        this(className, methodName, false);
    }

    /** Parses the text form; the exception's message is the expected form. */
    public static HandlerSpec parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(EXPECTED);
        }
        String trimmed = text.strip();
        int separator = trimmed.indexOf("::");
        if (separator >= 0) {
            return new HandlerSpec(
                    trimmed.substring(0, separator), Optional.of(trimmed.substring(separator + 2)), false);
        }
        int colon = trimmed.indexOf(':');
        if (colon >= 0) {
            return new HandlerSpec(trimmed.substring(0, colon), Optional.of(trimmed.substring(colon + 1)), true);
        }
        return new HandlerSpec(trimmed, Optional.empty(), false);
    }

    static HandlerSpec of(String className, String methodName) {
        return new HandlerSpec(className, Optional.of(methodName), false);
    }

    /** Whether the text has Java's {@code ::} form, which no Python function can have. */
    public boolean javaOnly() {
        return !colon && methodName.isPresent();
    }

    /** Whether a Java function can have it: not the colon form, and valid Java names. */
    public boolean javaForm() {
        return !colon && isJavaName(className, methodName);
    }

    /**
     * The Python reading: {@code module:function} as written; {@code a.b.function} is the function of module
     * {@code a.b}; a plain name is a function of the default module.
     *
     * @throws IllegalStateException for Java's {@code Class::method} form; check {@link #javaOnly()} first
     */
    public PythonEntry python() {
        if (javaOnly()) {
            throw new IllegalStateException(this + " is Java's Class::method form");
        }
        if (colon) {
            return new PythonEntry(Optional.of(className), methodName.get());
        }
        int dot = className.lastIndexOf('.');
        return dot < 0
                ? new PythonEntry(Optional.empty(), className)
                : new PythonEntry(Optional.of(className.substring(0, dot)), className.substring(dot + 1));
    }

    @Override
    public String toString() {
        return className
                + methodName.map(method -> (colon ? ":" : "::") + method).orElse("");
    }

    private static boolean isJavaName(String className, Optional<String> methodName) {
        boolean validMethod = methodName
                .map(m -> SourceVersion.isIdentifier(m) && !SourceVersion.isKeyword(m))
                .orElse(true);
        return SourceVersion.isName(className) && validMethod;
    }

    /** Dotted Python identifiers, none of them a keyword. */
    private static boolean isPythonName(String dotted) {
        if (dotted.isEmpty() || dotted.startsWith(".") || dotted.endsWith(".")) {
            return false;
        }
        for (String part : dotted.split("\\.", -1)) {
            if (!isPythonIdentifier(part) || PYTHON_KEYWORDS.contains(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPythonIdentifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        int first = name.codePointAt(0);
        if (first != '_' && !Character.isUnicodeIdentifierStart(first)) {
            return false;
        }
        return name.codePoints()
                .skip(1)
                .allMatch(c -> c == '_' || Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
    }
}
