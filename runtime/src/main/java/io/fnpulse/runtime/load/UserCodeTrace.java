package io.fnpulse.runtime.load;

/** Where in the function's code an error came from, for the one line that says why a version did not load. */
final class UserCodeTrace {

    private UserCodeTrace() {}

    /**
     * The error with its causes and the first frame of each that is not the JDK's or the runtime's:
     * {@code java.lang.ExceptionInInitializerError caused by java.lang.AssertionError: boom (at io.x.Foo.<clinit>(Foo.java:7))}.
     */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (text.length() > 0) {
                text.append(" caused by ");
            }
            text.append(cause);
            for (StackTraceElement frame : cause.getStackTrace()) {
                if (isUserFrame(frame)) {
                    text.append(" (at ")
                            .append(frame.getClassName())
                            .append('.')
                            .append(frame.getMethodName())
                            .append('(')
                            .append(frame.getFileName())
                            .append(':')
                            .append(frame.getLineNumber())
                            .append("))");
                    break;
                }
            }
        }
        return text.toString();
    }

    private static boolean isUserFrame(StackTraceElement frame) {
        String type = frame.getClassName();
        return !(type.startsWith("java.")
                || type.startsWith("jdk.")
                || type.startsWith("sun.")
                || type.startsWith("io.fnpulse.runtime.")
                || frame.getModuleName() != null);
    }
}
