package io.fnpulse.runtime.load;

/**
 * Why a version of the function's code could not be loaded. The message is the whole story a user needs: which
 * setting, which file or URL, what was wrong and, where it helps, what to do. {@link #kind()} is for counting.
 */
public class FunctionLoadException extends Exception {

    public enum Kind {
        /** The sources did not compile; the message has every diagnostic as {@code file:line: message}. */
        COMPILE,
        /** The handler class or method could not be found or used. */
        HANDLER,
        /** Initialising the handler (a static initialiser, the constructor) threw. */
        INIT,
        /** Initialising the handler ran past the user-code timeout. */
        TIMEOUT,
        /** FUNCTION_ZIP's SHA-256 is not FUNCTION_ZIP_SHA256. */
        DIGEST,
        /** The zip or jar is unreadable, escapes its folder or unpacks too large. */
        ARCHIVE,
        /** The code's URL failed, timed out or sent too much. */
        DOWNLOAD,
        /** A local file or the work folder could not be read or written. */
        IO,
        /** A .java source was given to a JVM without a compiler (a JRE). */
        NO_COMPILER,
        /** Python code was given to a runtime without a Python interpreter, or the interpreter would not start. */
        NO_PYTHON
    }

    private final Kind kind;

    public FunctionLoadException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FunctionLoadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
